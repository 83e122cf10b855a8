/**
 * Turns a built corpus into the key/value set of one version: feed pages per
 * scope (all articles, each topic), article shards and the manifest that names
 * them. Keys are content-addressed, so an unchanged page keeps its key and a
 * re-deploy writes only what changed. Deterministic: same corpus, same plan.
 */
import { createHash } from "node:crypto";
import type { Article } from "../schema/article.js";
import { pageKey, shardKey } from "../schema/keys.js";
import {
  ALL_SCOPE,
  type FeedItem,
  type Manifest,
  PAGE_SIZE,
  type PageRef,
  type Scope,
  STORE_FORMAT,
  shardIndex,
} from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import { blocksToHtml, blocksToLines } from "../shared/blocks-html.js";
import { termString } from "../shared/text.js";

/** Feed pages stay well under KV's 25 MiB value limit. */
export const PAGE_BYTE_BUDGET = 4 * 1024 * 1024;
/** Articles per shard, on average; the shard count is a power of two so it rarely changes. */
const ARTICLES_PER_SHARD = 64;

export interface Plan {
  manifest: Manifest;
  manifestValue: string;
  /** Every data key the manifest names, with its value. */
  data: Map<string, string>;
}

const sha = (s: string): string => createHash("sha256").update(s).digest("hex");

/** Newest first; ties broken by slug so the order never depends on input order. */
export function byNewest(a: Pick<Article, "published" | "slug">, b: Pick<Article, "published" | "slug">): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug.localeCompare(b.slug);
}

export function toFeedItem(a: Article): FeedItem {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    author: a.author,
    published: a.published,
    updated: a.updated,
    topics: a.topics,
    html: blocksToHtml(a.body),
    terms: termString(a.title, a.summary, ...blocksToLines(a.body)),
  };
}

function putPage(data: Map<string, string>, items: FeedItem[]): PageRef {
  const value = JSON.stringify({ items });
  const key = pageKey(sha(value).slice(0, 16));
  data.set(key, value);
  const first = items[0] as FeedItem;
  const last = items[items.length - 1] as FeedItem;
  return { key, count: items.length, newest: first.published, oldest: last.published };
}

/** Splits items into runs of at most PAGE_SIZE items and PAGE_BYTE_BUDGET bytes, in order. */
function runs(items: readonly FeedItem[], sizes: ReadonlyMap<FeedItem, number>): FeedItem[][] {
  const out: FeedItem[][] = [];
  let run: FeedItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizes.get(item) ?? 0;
    if (run.length > 0 && (run.length === PAGE_SIZE || bytes + size > PAGE_BYTE_BUDGET)) {
      out.push(run);
      run = [];
      bytes = 0;
    }
    run.push(item);
    bytes += size;
  }
  if (run.length) out.push(run);
  return out;
}

function planScope(items: readonly FeedItem[], sizes: ReadonlyMap<FeedItem, number>, data: Map<string, string>): Scope {
  if (items.length === 0) return { count: 0, head: null, pages: [] };
  // Runs are counted from the oldest item, so a new article changes only the newest run.
  const oldestFirst = [...items].reverse();
  const pages = runs(oldestFirst, sizes)
    .map((run) => putPage(data, run.reverse()))
    .reverse();
  const head = runs(items, sizes)[0] as FeedItem[];
  return { count: items.length, head: putPage(data, head), pages };
}

export function planCorpus(articles: readonly Article[], topics: readonly Topic[]): Plan {
  const sorted = [...articles].sort(byNewest);
  const items = sorted.map(toFeedItem);
  const sizes = new Map(items.map((i) => [i, Buffer.byteLength(JSON.stringify(i))] as const));
  const data = new Map<string, string>();
  const scopes: Record<string, Scope> = { [ALL_SCOPE]: planScope(items, sizes, data) };
  for (const t of topics) {
    scopes[t.slug] = planScope(
      items.filter((i) => i.topics.includes(t.slug)),
      sizes,
      data,
    );
  }
  const shardCount = 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(sorted.length / ARTICLES_PER_SHARD))));
  const buckets: Article[][] = Array.from({ length: shardCount }, () => []);
  for (const a of [...sorted].sort((x, y) => x.slug.localeCompare(y.slug)))
    buckets[shardIndex(a.slug, shardCount)]?.push(a);
  const shards = buckets.map((articlesInShard) => {
    const value = JSON.stringify({ articles: articlesInShard });
    const key = shardKey(sha(value).slice(0, 16));
    data.set(key, value);
    return key;
  });
  const updated = sorted.reduce<string | null>((m, a) => (m === null || a.updated > m ? a.updated : m), null);
  const body = {
    format: STORE_FORMAT,
    updated,
    articleCount: sorted.length,
    topics: topics.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      count: scopes[t.slug]?.count ?? 0,
    })),
    scopes,
    shards,
  } satisfies Omit<Manifest, "version">;
  const manifest: Manifest = { ...body, version: sha(JSON.stringify(body)).slice(0, 16) };
  return { manifest, manifestValue: JSON.stringify(manifest), data };
}

/** Every data key a manifest names. */
export function referencedKeys(manifest: Manifest): Set<string> {
  const keys = new Set<string>(manifest.shards);
  for (const scope of Object.values(manifest.scopes)) {
    if (scope.head) keys.add(scope.head.key);
    for (const p of scope.pages) keys.add(p.key);
  }
  return keys;
}
