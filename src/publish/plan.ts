/**
 * Turns a corpus into the key/value set of one version (docs/store-layout.md),
 * streaming: one pass over the articles from the oldest (planSorted takes
 * them as a stream, planCorpus sorts an array first), emitting each
 * article's feed item and record as it goes and cutting segments by the
 * layout's rule; then the index parts, the slug buckets, and the root that
 * names them all. Data keys are content-addressed (an unchanged value keeps
 * its key, so a re-deploy writes only what changed) and the plan is
 * deterministic: same corpus, same previous root, same keys.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Article } from "../schema/article.js";
import {
  articleKey,
  itemKey,
  partKey,
  rootKey,
  STORE_FORMAT,
  segmentKey,
  segmentKeysKey,
  slugsKey,
} from "../schema/keys.js";
import { DEFAULT_LAYOUT, endsSegment, type Layout, slugBucket, slugBucketCount } from "../schema/layout.js";
import { compareFeedOrder, type OrderKey } from "../schema/order.js";
import { MAX_SEGMENT_ID, type Root, type ScopeState, type SegmentEntry } from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import { toFeedItem } from "./items.js";
import { articleTerms, TermIndex } from "./term-index.js";

export interface KvEntry {
  key: string;
  /** Text (items, segments, parts, buckets, the manifest) or gzip-compressed JSON (articles, the root). */
  value: string | Uint8Array;
  /** Seconds after which KV drops the key (only the deploy lock has one). */
  expirationTtl?: number;
}

export type Emit = (entry: KvEntry) => void | Promise<void>;

export interface PlanOptions {
  layout?: Layout;
  /** The root live before this deploy: scopes whose fingerprint is unchanged keep its Last-Modified. */
  previous?: Root | null;
  /** A hash of what else feeds show (site title, description, the Worker's code): a change moves every Last-Modified. */
  siteFingerprint?: string;
  /** This deploy's time (ISO instant): the Last-Modified of every scope that changed. */
  now?: string;
}

export interface PlanResult {
  root: Root;
  /** The root's key; its hash is the version. */
  rootKey: string;
  version: string;
  /** How much was planned: keys and bytes by kind. */
  stats: Record<string, { keys: number; bytes: number }>;
}

/** A plan held in memory: fine for small corpora and tests. */
export interface Plan extends PlanResult {
  data: Map<string, string | Uint8Array>;
}

const sha = (b: string | Uint8Array): string => createHash("sha256").update(b).digest("hex");
const hash16 = (b: string | Uint8Array): string => sha(b).slice(0, 16);

/** JSON compressed for KV; deterministic (no timestamp in the gzip header). */
const compress = (json: string): Uint8Array => gzipSync(json, { level: 1 });

/** A segment's id: 48 bits of its oldest article's slug. */
const segmentId = (slug: string): number => Number.parseInt(sha(`segment:${slug}`).slice(0, 12), 16);

/** A running fingerprint of a scope. */
class Fingerprint {
  readonly hash = createHash("sha256");
  count = 0;
  constructor(context: string) {
    this.hash.update(context);
  }
  add(itemHash: string): void {
    this.hash.update(itemHash);
    this.count++;
  }
  digest(): string {
    return this.hash.digest("hex").slice(0, 32);
  }
}

/**
 * Plans a corpus held in memory: sorts it oldest first (the feed order read
 * backwards), then plans it as planSorted does.
 */
export async function planCorpus(
  articles: readonly Article[],
  topics: readonly Topic[],
  emit: Emit,
  options: PlanOptions = {},
): Promise<PlanResult> {
  // sorted as positions in typed arrays: a million articles cost a few MiB here
  const msOf = Float64Array.from(articles, (a) => Date.parse(a.published));
  const slugOf = (i: number) => (articles[i] as Article).slug;
  const order = Int32Array.from(articles, (_, i) => i).sort((i, j) =>
    compareFeedOrder({ ms: msOf[j] as number, slug: slugOf(j) }, { ms: msOf[i] as number, slug: slugOf(i) }),
  );
  function* oldestFirst(): Generator<Article> {
    for (const i of order) yield articles[i] as Article;
  }
  return planSorted(oldestFirst(), topics, emit, options);
}

/**
 * Plans articles that arrive oldest first (published ascending, equal
 * instants by slug Z to A: the feed order backwards), one at a time, so a
 * caller can stream a corpus larger than it could hold. Throws if they are
 * out of order or two share a slug.
 */
export async function planSorted(
  articles: Iterable<Article>,
  topics: readonly Topic[],
  emit: Emit,
  options: PlanOptions = {},
): Promise<PlanResult> {
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const now = options.now ?? new Date().toISOString();
  const stats: PlanResult["stats"] = {};
  const put = async (kind: string, key: string, value: string | Uint8Array) => {
    const s = stats[kind] ?? { keys: 0, bytes: 0 };
    s.keys++;
    s.bytes += typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
    stats[kind] = s;
    await emit({ key, value });
  };

  const taxonomyJson = JSON.stringify(topics.map((t) => [t.slug, t.name, t.description]));
  const taxonomyFingerprint = sha(taxonomyJson).slice(0, 32);
  const context = `${STORE_FORMAT}\n${options.siteFingerprint ?? ""}\n${taxonomyFingerprint}\n`;
  const allScope = new Fingerprint(context);
  const topicScopes = new Map(topics.map((t) => [t.slug, new Fingerprint(`${context}${t.slug}\n`)]));

  const index = new TermIndex();
  const segments: SegmentEntry[] = [];
  const sids = new Set<number>();
  /** Slug and record hash of every article, for the slug buckets. */
  const slugs: string[] = [];
  const hashes: string[] = [];
  let rows = { ms: [] as number[], slugs: [] as string[], items: [] as string[] };
  let postings = new Map<string, number[]>();
  let lastMs = Number.NaN;
  let previous: OrderKey | null = null;

  const closeSegment = async () => {
    const count = rows.ms.length;
    const oldestSlug = rows.slugs[0] as string;
    const sid = segmentId(oldestSlug);
    if (sids.has(sid) || sid > MAX_SEGMENT_ID) throw new Error(`segment id collision at "${oldestSlug}"`);
    sids.add(sid);
    const value = JSON.stringify(rows);
    const h = hash16(value);
    await put("segment", segmentKey(h), value);
    await put("keys", segmentKeysKey(h), JSON.stringify(rows.items));
    index.addSegment(sid, count, postings);
    // a tie of instants across the cut: the oldest slug is needed to place a cursor
    const tie = segments.length > 0 && lastMs === rows.ms[0];
    segments.push([sid, count, rows.ms[0] as number, h, tie ? oldestSlug : null]);
    lastMs = rows.ms[count - 1] as number;
    rows = { ms: [], slugs: [], items: [] };
    postings = new Map();
  };

  for (const article of articles) {
    const ms = Date.parse(article.published);
    const key = { ms, slug: article.slug };
    if (previous && compareFeedOrder(key, previous) >= 0)
      throw new Error(`articles out of order (oldest first) at "${article.slug}"`);
    previous = key;
    const itemJson = JSON.stringify(toFeedItem(article));
    const itemHash = hash16(itemJson);
    await put("item", itemKey(itemHash), itemJson);
    const articleValue = compress(JSON.stringify(article));
    const articleHash = hash16(articleValue);
    await put("article", articleKey(articleHash), articleValue);
    slugs.push(article.slug);
    hashes.push(articleHash);
    allScope.add(itemHash);
    for (const t of article.topics) topicScopes.get(t)?.add(itemHash);

    const local = rows.ms.length;
    rows.ms.push(ms);
    rows.slugs.push(article.slug);
    rows.items.push(itemHash);
    for (const term of articleTerms(article)) {
      const list = postings.get(term);
      if (list) list.push(local);
      else postings.set(term, [local]);
    }
    if (endsSegment(article.slug, rows.ms.length, layout)) await closeSegment();
  }
  if (rows.ms.length) await closeSegment();

  const parts: Root["parts"] = [];
  const cut = index.parts(layout);
  let maxPartsPerTerm = 0;
  for (;;) {
    const next = cut.next();
    if (next.done) {
      maxPartsPerTerm = next.value;
      break;
    }
    const value = Buffer.from(next.value.bytes).toString("base64");
    const h = hash16(value);
    await put("part", partKey(h), value);
    parts.push([next.value.firstTerm, h]);
  }

  // each bucket's slugs in order, from one sort of all articles by bucket and slug
  const articleCount = slugs.length;
  const bucketCount = slugBucketCount(articleCount, layout);
  const bucketOf = Int32Array.from(slugs, (slug) => slugBucket(slug, bucketCount));
  const bySlug = Int32Array.from(slugs, (_, i) => i).sort(
    (i, j) =>
      (bucketOf[i] as number) - (bucketOf[j] as number) || ((slugs[i] as string) < (slugs[j] as string) ? -1 : 1),
  );
  const slugBuckets: (string | null)[] = [];
  let at = 0;
  for (let b = 0; b < bucketCount; b++) {
    const bucket: Record<string, string> = {};
    let n = 0;
    for (; at < bySlug.length && bucketOf[bySlug[at] as number] === b; at++, n++) {
      const i = bySlug[at] as number;
      const slug = slugs[i] as string;
      if (Object.hasOwn(bucket, slug)) throw new Error(`two articles have the slug "${slug}"`);
      bucket[slug] = hashes[i] as string;
    }
    if (n === 0) {
      slugBuckets.push(null);
      continue;
    }
    const value = JSON.stringify(bucket);
    const h = hash16(value);
    await put("slugs", slugsKey(h), value);
    slugBuckets.push(h);
  }

  const before = options.previous ?? null;
  const stamp = (fingerprint: string, was: { fingerprint: string; lastModified: string } | undefined) =>
    was?.fingerprint === fingerprint ? was.lastModified : now;
  const scope = (f: Fingerprint, was: ScopeState | undefined): ScopeState => {
    const fingerprint = f.digest();
    return { count: f.count, fingerprint, lastModified: stamp(fingerprint, was) };
  };
  const root: Root = {
    format: STORE_FORMAT,
    layout,
    articleCount,
    all: scope(allScope, before?.all),
    taxonomy: { fingerprint: taxonomyFingerprint, lastModified: stamp(taxonomyFingerprint, before?.taxonomy) },
    topics: topics.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      ...scope(
        topicScopes.get(t.slug) as Fingerprint,
        before?.topics.find((p) => p.slug === t.slug),
      ),
    })),
    segments,
    parts,
    slugBuckets,
    maxPartsPerTerm,
  };
  const rootValue = compress(JSON.stringify(root));
  const version = hash16(rootValue);
  await put("root", rootKey(version), rootValue);
  return { root, rootKey: rootKey(version), version, stats };
}

/** The whole plan in memory (small corpora, tests). */
export async function planInMemory(
  articles: readonly Article[],
  topics: readonly Topic[],
  options: PlanOptions = {},
): Promise<Plan> {
  const data = new Map<string, string | Uint8Array>();
  const result = await planCorpus(
    articles,
    topics,
    (e) => {
      data.set(e.key, e.value);
    },
    options,
  );
  return { ...result, data };
}
