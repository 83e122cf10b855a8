/**
 * Turns a corpus into the key/value set of one version (docs/store-layout.md),
 * streaming: one pass over the articles from the oldest (planSorted takes
 * them as a stream, planCorpus sorts an array first), emitting each
 * article's feed item and record as it goes and cutting segments by the
 * layout's rule (collection.ts), two collections side by side: the articles,
 * and the stories (one item per story, placed where its newest version is);
 * then the slug buckets, and the root that names them all. Data keys are
 * content-addressed (an unchanged value keeps its key, so a re-deploy writes
 * only what changed) and the plan is deterministic: same corpus, same
 * previous root, same keys.
 */
import { createHash } from "node:crypto";
import type { BatchThreads } from "../ingest/worker-thread.js";
import type { Article } from "../schema/article.js";
import { articleKey, itemKey, rootKey, STORE_FORMAT, slugsKey } from "../schema/keys.js";
import { DEFAULT_LAYOUT, type Layout, slugBucket, slugBucketCount } from "../schema/layout.js";
import { compareFeedOrder } from "../schema/order.js";
import type { Root, ScopeState } from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import { CollectionBuilder, type CollectionResult } from "./collection.js";
import { compress, hash16, sha } from "./hashing.js";
import { RECORD_BATCH, recordThreads } from "./record-threads.js";
import { type ArticleValues, articleValues, type StoryItemFields, type ValuesJob, valuesOfJob } from "./records.js";
import { type FirstSeen, storyOfOne, storyPlanOf } from "./story-plan.js";
import { type PlannedStory, StoryPlan } from "./story-store.js";
import { TermDictionary } from "./term-dictionary.js";

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
  /**
   * The stories of two or more articles (story-plan.ts); every other article
   * is a story of its own. planCorpus groups the corpus when this is not given.
   */
  stories?: StoryPlan;
  /** When Wirefeed first published each article (the date ledger): decides which article a story's id comes from. */
  firstSeen?: FirstSeen;
  /**
   * Threads the plan may use (this one included): from 2, each article's
   * item and record are made on worker threads while this one looks up the
   * terms, and by this one too when it would otherwise wait for them. Same
   * keys and values either way.
   */
  threads?: number;
  /** Where the values are made instead of on worker threads of their own (tests): a pool like record-threads.ts's, closed when the plan ends. */
  valuesPool?: ValuesPool;
}

/** What the planner asks of the threads making its values (record-threads.ts). */
export type ValuesPool = Pick<BatchThreads<ValuesJob, ArticleValues>, "inFlight" | "run" | "close">;

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

/** The fingerprints of one collection's scopes: all of it, and each topic's share. */
class Scopes {
  readonly all: Fingerprint;
  readonly topics: Map<string, Fingerprint>;
  constructor(context: string, topics: readonly Topic[]) {
    this.all = new Fingerprint(context);
    this.topics = new Map(topics.map((t) => [t.slug, new Fingerprint(`${context}${t.slug}\n`)]));
  }
  add(itemHash: string, topics: readonly string[]): void {
    this.all.add(itemHash);
    for (const t of topics) this.topics.get(t)?.add(itemHash);
  }
}

/**
 * Plans a corpus held in memory: groups it into stories (unless given),
 * sorts it oldest first (the feed order read backwards), then plans it as
 * planSorted does.
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
  const stories = options.stories ?? (await storyPlanOf(articles, options.firstSeen));
  try {
    return await planSorted(oldestFirst(), topics, emit, { ...options, stories });
  } finally {
    // a plan made here is closed here
    if (!options.stories) stories.close();
  }
}

/**
 * What a story of several articles holds while the pass goes from its first
 * version to its newest: its item's hash (written at its best version) and
 * its index terms so far, sorted and distinct (4 bytes a term: a corpus
 * whose stories stay open long holds many at once).
 */
interface PendingStory {
  itemHash: string | null;
  terms: Int32Array;
}

/**
 * An article on its way through the pass: what its values are settled
 * with. Not the article itself: a step may wait for its values through many
 * batches, and the article's text kept that long would outlive the young
 * generation's collections and fill the old one.
 */
interface Step {
  key: string;
  slug: string;
  topics: readonly string[];
  ms: number;
  /** Its terms, when found in this thread (else from its values' words). */
  terms: Int32Array | null;
  planned: PlannedStory | undefined;
}

/** The union of two sorted, distinct lists of term ids. */
function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    out[n++] = x <= y ? x : y;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  while (i < a.length) out[n++] = a[i++] as number;
  while (j < b.length) out[n++] = b[j++] as number;
  return out.slice(0, n);
}

/**
 * Plans articles that arrive oldest first (published ascending, equal
 * instants by slug Z to A: the feed order backwards), one at a time, so a
 * caller can stream a corpus larger than it could hold, read once: each
 * article goes into the articles' collection (item, record, segment, index
 * terms) and into the stories' (a story is placed where its newest version
 * is, so the same order serves both; the terms are computed once for both).
 * Throws if articles are out of order or two share a slug.
 */
export async function planSorted(
  articles: Iterable<Article>,
  topics: readonly Topic[],
  emit: Emit,
  options: PlanOptions = {},
): Promise<PlanResult> {
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const now = options.now ?? new Date().toISOString();
  const stories = options.stories ?? new StoryPlan();
  const stats: PlanResult["stats"] = {};
  // segments, keys and parts of the two collections may coincide (articles that are stories of their own)
  const shared = new Set<string>();
  const put = async (kind: string, key: string, value: string | Uint8Array) => {
    if (kind === "segment" || kind === "keys" || kind === "part") {
      if (shared.has(key)) return;
      shared.add(key);
    }
    const s = stats[kind] ?? { keys: 0, bytes: 0 };
    s.keys++;
    s.bytes += typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
    stats[kind] = s;
    await emit({ key, value });
  };

  const taxonomyJson = JSON.stringify(topics.map((t) => [t.slug, t.name, t.description]));
  const taxonomyFingerprint = sha(taxonomyJson).slice(0, 32);
  const context = `${STORE_FORMAT}\n${options.siteFingerprint ?? ""}\n${taxonomyFingerprint}\n`;
  const articleScopes = new Scopes(context, topics);
  const storyScopes = new Scopes(`${context}stories\n`, topics);

  // One pass: each article's item, record and terms (tokenised once), then its story.
  const dictionary = new TermDictionary();
  const articlesOut = new CollectionBuilder("articles", layout, put, dictionary);
  const storiesOut = new CollectionBuilder("stories", layout, put, dictionary);
  const pending = new Map<string, PendingStory>();
  /** Slug and record hash of every article, oldest first. */
  const slugs: string[] = [];
  const hashes: string[] = [];
  /** The rest of an article's planning, once its values are made: in the order the articles came. */
  const settle = async (step: Step, values: ArticleValues): Promise<void> => {
    const { key, slug, topics, ms, planned } = step;
    const terms = step.terms ?? dictionary.termsOfWords(topics, values.words ?? "");
    await put("item", itemKey(values.itemHash), values.itemJson);
    await put("article", articleKey(values.recordHash), values.record);
    slugs.push(slug);
    hashes.push(values.recordHash);
    articleScopes.add(values.itemHash, topics);
    await articlesOut.add(ms, slug, values.itemHash, terms);

    // its story: a story of one is the article's own item; a story of several waits for its newest version
    if (!planned) {
      storyScopes.add(values.itemHash, topics);
      await storiesOut.add(ms, slug, values.itemHash, terms);
      return;
    }
    const id = planned.ref.id;
    let p = pending.get(id);
    if (!p) {
      p = { itemHash: null, terms: new Int32Array(0) };
      pending.set(id, p);
    }
    p.terms = union(p.terms, terms.slice().sort());
    if (values.story) {
      p.itemHash = values.story.hash;
      await put("item", itemKey(p.itemHash), values.story.json);
    }
    if (key !== planned.newest) return;
    pending.delete(id);
    if (!p.itemHash) throw new Error(`story ${id}: its best version came after its newest`);
    storyScopes.add(p.itemHash, planned.topics);
    await storiesOut.add(ms, slug, p.itemHash, p.terms);
  };

  // Batches of articles whose values are being made, oldest first: on worker
  // threads, or in this thread when every worker has its share in flight
  // and the oldest batch is not back (rather than wait idle). Settled in order.
  const pool = options.valuesPool ?? ((options.threads ?? 1) > 1 ? recordThreads((options.threads ?? 1) - 1) : null);
  const inFlight: { steps: Step[]; values: Promise<ArticleValues[]>; done: boolean }[] = [];
  let sent = 0;
  let batch: { steps: Step[]; jobs: ValuesJob[] } = { steps: [], jobs: [] };
  const settleOldest = async () => {
    const oldest = inFlight.shift() as (typeof inFlight)[number];
    const values = await oldest.values;
    for (let i = 0; i < oldest.steps.length; i++) await settle(oldest.steps[i] as Step, values[i] as ArticleValues);
  };
  const send = async () => {
    if (!pool || batch.steps.length === 0) return;
    const { steps, jobs } = batch;
    batch = { steps: [], jobs: [] };
    // let the threads' answers in (they arrive as events), then settle what is back
    await new Promise((resolve) => setImmediate(resolve));
    while (inFlight[0]?.done) await settleOldest();
    if (sent < pool.inFlight) {
      const entry = { steps, values: pool.run(jobs), done: false };
      sent++;
      entry.values.then(
        () => {
          entry.done = true;
          sent--;
        },
        // a failed batch is settled (its error thrown) as soon as it is the oldest
        () => {
          entry.done = true;
        },
      );
      inFlight.push(entry);
      return;
    }
    inFlight.push({ steps, values: Promise.resolve(jobs.map(valuesOfJob)), done: true });
    // this thread is ahead of the workers by many batches: wait for the oldest
    if (inFlight.length >= 4 * pool.inFlight) await settleOldest();
  };
  // the indexes' spill files are closed whatever happens
  let articleIndex: CollectionResult;
  let storyIndex: CollectionResult;
  try {
    try {
      for (const plain of articles) {
        const planned = stories.get(plain.key);
        const article: Article = { ...plain, story: planned?.ref ?? storyOfOne(plain) };
        // in this thread, its terms now; on worker threads, from the words a thread found
        const step: Step = {
          key: article.key,
          slug: article.slug,
          topics: article.topics,
          ms: Date.parse(article.published),
          terms: pool ? null : dictionary.articleTerms(article),
          planned,
        };
        const story: StoryItemFields | null =
          planned && article.key === planned.best
            ? {
                id: planned.ref.id,
                published: planned.published,
                updated: planned.ref.updated,
                dateSource: planned.dateSource,
                topics: planned.topics,
                orderKey: planned.orderKey,
              }
            : null;
        const json = JSON.stringify(article);
        if (!pool) {
          await settle(step, articleValues(article, json, story));
          continue;
        }
        batch.steps.push(step);
        batch.jobs.push({ json, story });
        if (batch.steps.length === RECORD_BATCH) await send();
      }
      await send();
      while (inFlight.length) await settleOldest();
    } finally {
      await pool?.close();
    }
    if (pending.size) throw new Error(`${pending.size} stories name articles that are not in the corpus`);
    articleIndex = await articlesOut.finish();
    storyIndex = await storiesOut.finish();
  } finally {
    articlesOut.close();
    storiesOut.close();
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
  let next = 0;
  for (let b = 0; b < bucketCount; b++) {
    const bucket: Record<string, string> = {};
    let n = 0;
    for (; next < bySlug.length && bucketOf[bySlug[next] as number] === b; next++, n++) {
      const i = bySlug[next] as number;
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
    all: scope(articleScopes.all, before?.all),
    taxonomy: { fingerprint: taxonomyFingerprint, lastModified: stamp(taxonomyFingerprint, before?.taxonomy) },
    topics: topics.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      ...scope(
        articleScopes.topics.get(t.slug) as Fingerprint,
        before?.topics.find((p) => p.slug === t.slug),
      ),
    })),
    segments: articleIndex.segments,
    parts: articleIndex.parts,
    slugBuckets,
    maxPartsPerTerm: articleIndex.maxPartsPerTerm,
    stories: {
      all: scope(storyScopes.all, before?.stories.all),
      topics: topics.map((t) => ({
        slug: t.slug,
        ...scope(
          storyScopes.topics.get(t.slug) as Fingerprint,
          before?.stories.topics.find((p) => p.slug === t.slug),
        ),
      })),
      segments: storyIndex.segments,
      parts: storyIndex.parts,
      maxPartsPerTerm: storyIndex.maxPartsPerTerm,
    },
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
