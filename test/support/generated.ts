/**
 * Generated corpora for property tests: valid Article records (not raw
 * pages) whose topics, dates and words are known, so that a brute-force
 * oracle can say what every filter must return. Dates come from a small set
 * of instants, so ties are common; words come from a small vocabulary with a
 * few rare ones, and some carry an apostrophe ("kosovo's"), which `q` finds
 * by its parts too. The oracle is written here from the documented rules,
 * independently of the Worker's code.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Article } from "../../src/schema/article.js";
import type { Layout } from "../../src/schema/layout.js";
import type { Topic } from "../../src/schema/topic.js";

export const TOPIC_SLUGS = ["a", "b", "c", "d", "e"] as const;

export const TOPICS: Topic[] = TOPIC_SLUGS.map((slug) => ({
  slug,
  name: `Topic ${slug.toUpperCase()}`,
  description: `Articles about ${slug}.`,
  aliases: [slug],
}));

/** Layouts with tiny runs, so that a few hundred articles cross as many cuts as a million do. */
export const TINY: Layout = {
  segmentTarget: 4,
  segmentMax: 12,
  partTarget: 160,
  partMin: 80,
  partMax: 480,
  slugsPerBucket: 4,
};
export const SMALL: Layout = {
  segmentTarget: 64,
  segmentMax: 256,
  partTarget: 2048,
  partMin: 0,
  partMax: 6144,
  slugsPerBucket: 64,
};

export const COMMON_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"] as const;
export const RARE_WORDS = ["quasar", "zephyr", "kosovo's"] as const;
export const WORDS = [...COMMON_WORDS, ...RARE_WORDS] as const;

/** The first instant dates are drawn from, and the step between them. */
export const EPOCH = Date.UTC(2024, 0, 1);
export const STEP = 3_600_000;

export interface ArticleSpec {
  /** Which instant (EPOCH + slot hours): few slots, many ties. */
  slot: number;
  topics: string[];
  words: string[];
}

export function specArb(slots: number): fc.Arbitrary<ArticleSpec> {
  return fc.record({
    slot: fc.integer({ min: 0, max: Math.max(0, slots - 1) }),
    topics: fc.subarray([...TOPIC_SLUGS], { minLength: 0, maxLength: 3 }),
    words: fc.uniqueArray(
      fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...COMMON_WORDS) },
        { weight: 1, arbitrary: fc.constantFrom(...RARE_WORDS) },
      ),
      { minLength: 1, maxLength: 5 },
    ),
  });
}

const hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** The article for spec number `n` (`tag` keeps articles of different generations apart). */
export function articleOf(spec: ArticleSpec, n: number, tag = "g"): Article {
  const h = hex(`${tag}:${n}`);
  const published = new Date(EPOCH + spec.slot * STEP).toISOString();
  const text = spec.words.join(" ");
  return {
    id: `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
    key: `${tag}-${n}`,
    // slugs of one generation sort in no particular relation to their dates
    slug: `${tag}${h.slice(0, 6)}-${n}`,
    title: text.charAt(0).toUpperCase() + text.slice(1).replace(/'/g, "’"),
    summary: text,
    author: null,
    published,
    updated: published,
    dateSource: "sidecar",
    language: "en",
    source: { file: `${tag}-${n}.txt`, site: null, url: null, section: null, origin: null },
    tags: [],
    topics: spec.topics,
    body: [{ type: "paragraph", text: `${text}.` }],
    wordCount: spec.words.length,
    contentHash: h,
  };
}

export const corpusOf = (specs: readonly ArticleSpec[], tag = "g"): Article[] =>
  specs.map((s, i) => articleOf(s, i, tag));

/** A filter as a feed URL takes it. */
export interface FilterSpec {
  pathTopic: string | null;
  topic: string[];
  match: "any" | "all";
  exclude: string[];
  q: string[];
  /** Slots: since from the start of that hour, until to its end (as date-times). */
  since: number | null;
  until: number | null;
  limit: number;
}

export function filterArb(slots: number): fc.Arbitrary<FilterSpec> {
  const slot = fc.option(fc.integer({ min: 0, max: Math.max(0, slots - 1) }), { nil: null, freq: 3 });
  return (
    fc
      .record({
        pathTopic: fc.option(fc.constantFrom(...TOPIC_SLUGS), { nil: null, freq: 3 }),
        topic: fc.subarray([...TOPIC_SLUGS], { maxLength: 3 }),
        match: fc.constantFrom("any" as const, "all" as const),
        exclude: fc.subarray([...TOPIC_SLUGS], { maxLength: 2 }),
        q: fc.subarray([...WORDS, "kosovo", "s", "nowhere"], { maxLength: 2 }),
        since: slot,
        until: slot,
        limit: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 100 })),
      })
      // `since` after `until` is a 400 (tested with the errors), not a filter
      .map((f) =>
        f.since !== null && f.until !== null && f.since > f.until ? { ...f, since: f.until, until: f.since } : f,
      )
  );
}

const iso = (slot: number) => new Date(EPOCH + slot * STEP).toISOString().replace(".000Z", "Z");

/** The query string of a filter (without the path topic, which is in the path). */
export function queryOf(f: FilterSpec): URLSearchParams {
  const p = new URLSearchParams();
  for (const t of f.topic) p.append("topic", t);
  if (f.topic.length > 1) p.set("match", f.match);
  if (f.exclude.length) p.set("exclude", f.exclude.join(","));
  if (f.q.length) p.set("q", f.q.join(" "));
  if (f.since !== null) p.set("since", iso(f.since));
  // until a date-time is inclusive of that instant
  if (f.until !== null) p.set("until", iso(f.until));
  p.set("limit", String(f.limit));
  return p;
}

/** The words `q` finds in an article made by articleOf: its words, and of "x's" also x and s. */
export function findable(a: Article): Set<string> {
  const out = new Set<string>();
  for (const w of a.summary.split(" ")) {
    out.add(w);
    if (w.includes("'")) for (const part of w.split("'")) out.add(part);
  }
  return out;
}

/** Newest first; equal instants by slug, A to Z (the documented order). */
export function newestFirst(articles: readonly Article[]): Article[] {
  return [...articles].sort((x, y) =>
    x.published !== y.published ? (x.published < y.published ? 1 : -1) : x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0,
  );
}

/** What the filter must return over the whole corpus, newest first: by brute force. */
export function oracle(articles: readonly Article[], f: FilterSpec): Article[] {
  return newestFirst(articles).filter((a) => {
    if (f.pathTopic && !a.topics.includes(f.pathTopic)) return false;
    if (f.topic.length) {
      const has = (t: string) => a.topics.includes(t);
      if (f.topic.length > 1 && f.match === "all" ? !f.topic.every(has) : !f.topic.some(has)) return false;
    }
    if (f.exclude.some((t) => a.topics.includes(t))) return false;
    const words = findable(a);
    if (!f.q.every((w) => words.has(w))) return false;
    const t = Date.parse(a.published);
    if (f.since !== null && t < EPOCH + f.since * STEP) return false;
    if (f.until !== null && t > EPOCH + f.until * STEP) return false;
    return true;
  });
}
