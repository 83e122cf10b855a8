/**
 * Synthetic corpora for the benchmark, made from the cleaned seed articles:
 * varied titles, dates spread over seven years, topic mixes and body lengths.
 * Deterministic (a seeded PRNG), and cheap in memory: the synthetic bodies
 * share the seeds' block objects.
 */
import { createHash } from "node:crypto";
import { uuidV5 } from "../../src/ingest/article.js";
import type { Article } from "../../src/schema/article.js";
import type { Topic } from "../../src/schema/topic.js";
import { prng } from "../../src/shared/prng.js";

export { prng };

const WORDS = [
  "Update",
  "Analysis",
  "Briefing",
  "Report",
  "Explainer",
  "Live",
  "Week",
  "Outlook",
  "Review",
  "Dispatch",
];
const START = Date.UTC(2019, 0, 1);
/** One article in this many carries a given rare word. */
export const RARE = 1000;
const SPAN = 7 * 365 * 86_400_000;

/** Body prefixes, one array per seed and length: a million articles share a few hundred arrays, as they share blocks. */
const prefixes = new WeakMap<Article, Article["body"][]>();
function bodyPrefix(seed: Article, blocks: number): Article["body"] {
  let list = prefixes.get(seed);
  if (!list) {
    list = [];
    prefixes.set(seed, list);
  }
  let body = list[blocks];
  if (!body) {
    body = seed.body.slice(0, blocks);
    list[blocks] = body;
  }
  return body;
}

export function syntheticArticle(
  seeds: readonly Article[],
  topics: readonly Topic[],
  i: number,
  n: number,
  rand: () => number,
): Article {
  const seed = seeds[i % seeds.length] as Article;
  const blocks = Math.max(2, Math.round(seed.body.length * (0.25 + rand() * 0.75)));
  // article i within its own slot of the span: dates increase with i, so the corpus comes oldest first
  const slot = SPAN / n;
  const published = new Date(START + Math.floor(slot * i + rand() * Math.min(slot - 1, 3_600_000))).toISOString();
  const topicCount = 1 + Math.floor(rand() * 3);
  const chosen = new Set<string>(seed.topics.slice(0, 1));
  while (chosen.size < topicCount) chosen.add((topics[Math.floor(rand() * topics.length)] as Topic).slug);
  // "zq…" is a word in 1 article of RARE: what a rare-word `q` finds
  const title = `${WORDS[i % WORDS.length]} ${i}: ${seed.title} (ref zq${i % RARE})`;
  return {
    ...seed,
    id: `urn:uuid:${uuidV5(`bench:${i}`)}`,
    key: `bench-${i}`,
    slug: `bench-${i}-${seed.slug}`.slice(0, 120).replace(/-+$/, ""),
    title,
    published,
    updated: published,
    topics: [...chosen],
    body: bodyPrefix(seed, blocks),
    contentHash: createHash("sha256").update(`bench:${i}`).digest("hex"),
  };
}

/** The corpus oldest first, one article at a time (what planSorted streams at a million articles). */
export function* syntheticArticles(
  seeds: readonly Article[],
  topics: readonly Topic[],
  n: number,
  seed = 42,
): Generator<Article> {
  const rand = prng(seed);
  for (let i = 0; i < n; i++) yield syntheticArticle(seeds, topics, i, n, rand);
}

export function syntheticCorpus(seeds: readonly Article[], topics: readonly Topic[], n: number, seed = 42): Article[] {
  return [...syntheticArticles(seeds, topics, n, seed)];
}
