/**
 * What the deploy writes to Workers KV and the Worker reads back: the manifest
 * (JSON), feed pages and article shards (gzip-compressed JSON). The Worker
 * checks every value against these schemas (once per key per isolate: values
 * are immutable, content-addressed).
 * Pure zod; imports neither node:* nor cloudflare:*.
 */
import { z } from "zod";
import { Article, CleanText, Instant, Slug } from "./article.js";

/** Bumped whenever the layout below changes; the Worker refuses other formats. */
export const STORE_FORMAT = 4;

/** Most items a feed page holds, and so the largest `limit` a request may ask for. */
export const PAGE_SIZE = 100;

/**
 * Most body HTML a feed item carries (whole blocks, cut before this size): a
 * default feed of 20 items stays under 1 MB, the largest (100) under 5 MB,
 * the size some readers refuse.
 */
export const ITEM_HTML_BYTES = 40 * 1024;

/** One feed item, with its body pre-rendered at deploy time. */
export const FeedItem = z.object({
  id: Article.shape.id,
  slug: Slug,
  title: CleanText,
  summary: CleanText,
  author: CleanText.nullable(),
  published: Instant,
  updated: Instant,
  topics: z.array(Slug),
  /** The body as an HTML fragment (escaped text, a fixed set of tags), cut at ITEM_HTML_BYTES. */
  html: z.string(),
  /** The body was longer than a feed item carries: feeds link to the article for the rest. */
  truncated: z.boolean(),
  /**
   * When truncated: the distinct words of the whole body (lower-cased, as
   * shared/text.ts words() gives them), so that `q` still finds what the cut
   * left out; empty otherwise.
   */
  bodyWords: z.string(),
});
export type FeedItem = z.infer<typeof FeedItem>;

/** A run of items of one scope, newest first. */
export const FeedPage = z.object({ items: z.array(FeedItem) });
export type FeedPage = z.infer<typeof FeedPage>;

/** Pointer to a feed page: its key and the span of items it holds. */
export const PageRef = z.object({
  key: z.string(),
  count: z.number().int().positive(),
  /** Published date of the page's first (newest) item. */
  newest: Instant,
  /** Published date of the page's last (oldest) item. */
  oldest: Instant,
});
export type PageRef = z.infer<typeof PageRef>;

/**
 * Every article of a scope (all articles, or one topic), newest first. `head`
 * holds the newest PAGE_SIZE items, so the usual request reads one page; `pages`
 * split the whole list into runs counted from the oldest item, so that adding an
 * article rewrites only the head and the newest run.
 */
export const Scope = z.object({
  count: z.number().int().nonnegative(),
  head: PageRef.nullable(),
  /** Newest run first. */
  pages: z.array(PageRef),
});
export type Scope = z.infer<typeof Scope>;

export const TopicEntry = z.object({
  slug: Slug,
  name: CleanText,
  description: CleanText,
  count: z.number().int().nonnegative(),
});
export type TopicEntry = z.infer<typeof TopicEntry>;

export const Manifest = z.object({
  format: z.literal(STORE_FORMAT),
  /** Content address of this corpus: unchanged articles give the same version. */
  version: z.string().regex(/^[0-9a-f]{16}$/),
  /** Newest `updated` of any article: the corpus's Last-Modified. */
  updated: Instant.nullable(),
  articleCount: z.number().int().nonnegative(),
  topics: z.array(TopicEntry),
  /** "all" and one entry per topic slug. */
  scopes: z.record(z.string(), Scope),
  /** Article shards: an article lives in shards[hash(slug) % shards.length]. */
  shards: z.array(z.string()),
});
export type Manifest = z.infer<typeof Manifest>;

const names = new WeakMap<Manifest, ReadonlyMap<string, string>>();

/** Each topic's name by slug, built once per manifest. */
export function topicNames(manifest: Manifest): ReadonlyMap<string, string> {
  let m = names.get(manifest);
  if (!m) {
    m = new Map(manifest.topics.map((t) => [t.slug, t.name]));
    names.set(manifest, m);
  }
  return m;
}

export const ArticleShard = z.object({ articles: z.array(Article) });
export type ArticleShard = z.infer<typeof ArticleShard>;

/** Name of the scope holding every article. */
export const ALL_SCOPE = "all";

/** FNV-1a over UTF-16 code units: a small, stable hash both sides can compute. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Index of the shard that holds the article with this slug. */
export function shardIndex(slug: string, shardCount: number): number {
  return shardCount === 0 ? 0 : fnv1a(slug) % shardCount;
}
