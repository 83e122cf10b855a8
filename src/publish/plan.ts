/**
 * Turns a corpus into the key/value set of one version, streaming: feed pages
 * per scope (all articles, each topic), article shards, and the manifest that
 * names them. One pass over the articles from the oldest: each item is
 * rendered and serialised once and shared by every scope it belongs to; a
 * page is emitted (gzip-compressed, keyed by the hash of its bytes) as soon as
 * it is full, so memory stays bounded whatever the corpus size. Keys are
 * content-addressed: an unchanged page keeps its key, and a re-deploy writes
 * only what changed. Deterministic: same corpus, same keys.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Article } from "../schema/article.js";
import { pageKey, shardKey } from "../schema/keys.js";
import {
  ALL_SCOPE,
  type FeedItem,
  ITEM_HTML_BYTES,
  type Manifest,
  PAGE_SIZE,
  type PageRef,
  type Scope,
  STORE_FORMAT,
  shardIndex,
} from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import { blocksToHtml, blocksToLines } from "../shared/blocks-html.js";
import { words } from "../shared/text.js";

/** Feed pages stay well under KV's 25 MiB value limit (before compression). */
export const PAGE_BYTE_BUDGET = 4 * 1024 * 1024;
/** Articles per shard, on average; the shard count is a power of two so it rarely changes. */
const ARTICLES_PER_SHARD = 64;

export interface KvEntry {
  key: string;
  /** Text (the manifest) or gzip-compressed JSON (pages and shards). */
  value: string | Uint8Array;
  /** Seconds after which KV drops the key (only the deploy lock has one). */
  expirationTtl?: number;
}

export interface PlanResult {
  manifest: Manifest;
  manifestValue: string;
}

/** A plan held in memory: fine for small corpora and tests. */
export interface Plan extends PlanResult {
  data: Map<string, string | Uint8Array>;
}

export type Emit = (entry: KvEntry) => void | Promise<void>;

const sha = (b: string | Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Newest first; ties broken by slug so the order never depends on input order. */
export function byNewest(a: Pick<Article, "published" | "slug">, b: Pick<Article, "published" | "slug">): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug.localeCompare(b.slug);
}

/** The body's HTML for a feed item: whole blocks up to ITEM_HTML_BYTES (at least one, itself cut if huge). */
function itemBody(a: Article): Pick<FeedItem, "html" | "truncated" | "bodyWords"> {
  const full = blocksToHtml(a.body);
  if (Buffer.byteLength(full) <= ITEM_HTML_BYTES) return { html: full, truncated: false, bodyWords: "" };
  const parts: string[] = [];
  let bytes = 0;
  for (const block of a.body) {
    const h = blocksToHtml([block]);
    const n = Buffer.byteLength(h) + 1;
    if (bytes + n > ITEM_HTML_BYTES) break;
    parts.push(h);
    bytes += n;
  }
  if (parts.length === 0) {
    // one enormous block: its text, cut at a word, as a paragraph
    const first = a.body[0];
    const text = first && "text" in first ? first.text : a.summary;
    const cut = text.slice(0, ITEM_HTML_BYTES / 4);
    parts.push(
      blocksToHtml([{ type: "paragraph", text: `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 1)).trim()}…` }]),
    );
  }
  const bodyWords = [...new Set(words(blocksToLines(a.body).join("\n")))].join(" ");
  return { html: parts.join("\n"), truncated: true, bodyWords };
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
    ...itemBody(a),
  };
}

/** JSON compressed for KV; deterministic (no timestamp in the gzip header). */
function compress(json: string): Uint8Array {
  return gzipSync(json, { level: 1 });
}

interface Serialised {
  item: FeedItem;
  json: string;
}

/** A page of items given oldest first, stored newest first. */
async function emitPage(run: readonly Serialised[], emit: Emit): Promise<PageRef> {
  const value = compress(
    `{"items":[${run
      .map((s) => s.json)
      .reverse()
      .join(",")}]}`,
  );
  const key = pageKey(sha(value).slice(0, 16));
  await emit({ key, value });
  const oldest = run[0] as Serialised;
  const newest = run[run.length - 1] as Serialised;
  return { key, count: run.length, newest: newest.item.published, oldest: oldest.item.published };
}

/** What the planner keeps per scope while streaming: the open run and the newest PAGE_SIZE items. */
interface ScopeState {
  count: number;
  pages: PageRef[];
  run: Serialised[];
  runBytes: number;
  recent: Serialised[];
}

export async function planCorpus(
  articles: readonly Article[],
  topics: readonly Topic[],
  emit: Emit,
): Promise<PlanResult> {
  const oldestFirst = [...articles].sort((a, b) => byNewest(b, a));
  const scopes = new Map<string, ScopeState>();
  const state = (name: string): ScopeState => {
    let s = scopes.get(name);
    if (!s) {
      s = { count: 0, pages: [], run: [], runBytes: 0, recent: [] };
      scopes.set(name, s);
    }
    return s;
  };
  state(ALL_SCOPE);
  for (const t of topics) state(t.slug);
  for (const a of oldestFirst) {
    const item = toFeedItem(a);
    const s: Serialised = { item, json: JSON.stringify(item) };
    for (const name of [ALL_SCOPE, ...a.topics]) {
      const sc = scopes.get(name);
      if (!sc) continue;
      // Runs are counted from the oldest item, so a new article changes only the newest run.
      if (sc.run.length > 0 && (sc.run.length === PAGE_SIZE || sc.runBytes + s.json.length > PAGE_BYTE_BUDGET)) {
        sc.pages.push(await emitPage(sc.run, emit));
        sc.run = [];
        sc.runBytes = 0;
      }
      sc.run.push(s);
      sc.runBytes += s.json.length;
      sc.count++;
      sc.recent.push(s);
      if (sc.recent.length > PAGE_SIZE) sc.recent.shift();
    }
  }
  const planned: Record<string, Scope> = {};
  for (const [name, sc] of scopes) {
    if (sc.run.length) sc.pages.push(await emitPage(sc.run, emit));
    let head: PageRef | null = null;
    if (sc.recent.length) {
      // the head: the newest items, within the byte budget
      let bytes = 0;
      let from = sc.recent.length;
      while (from > 0 && bytes + (sc.recent[from - 1]?.json.length ?? 0) <= PAGE_BYTE_BUDGET)
        bytes += sc.recent[--from]?.json.length ?? 0;
      head = await emitPage(sc.recent.slice(Math.min(from, sc.recent.length - 1)), emit);
    }
    planned[name] = { count: sc.count, head, pages: sc.pages.reverse() };
  }
  const shardCount = 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(articles.length / ARTICLES_PER_SHARD))));
  const buckets: Article[][] = Array.from({ length: shardCount }, () => []);
  for (const a of articles) buckets[shardIndex(a.slug, shardCount)]?.push(a);
  const shards: string[] = [];
  for (const bucket of buckets) {
    bucket.sort((x, y) => x.slug.localeCompare(y.slug));
    const value = compress(JSON.stringify({ articles: bucket }));
    const key = shardKey(sha(value).slice(0, 16));
    await emit({ key, value });
    shards.push(key);
  }
  const updated = articles.reduce<string | null>((m, a) => (m === null || a.updated > m ? a.updated : m), null);
  const body = {
    format: STORE_FORMAT,
    updated,
    articleCount: articles.length,
    topics: topics.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      count: planned[t.slug]?.count ?? 0,
    })),
    scopes: planned,
    shards,
  } satisfies Omit<Manifest, "version">;
  const manifest: Manifest = { ...body, version: sha(JSON.stringify(body)).slice(0, 16) };
  return { manifest, manifestValue: JSON.stringify(manifest) };
}

/** The whole plan in memory (small corpora, tests). */
export async function planInMemory(articles: readonly Article[], topics: readonly Topic[]): Promise<Plan> {
  const data = new Map<string, string | Uint8Array>();
  const result = await planCorpus(articles, topics, (e) => {
    data.set(e.key, e.value);
  });
  return { ...result, data };
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
