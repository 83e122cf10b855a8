/**
 * What the deploy writes to Workers KV and the Worker reads back
 * (docs/store-layout.md): the manifest, the root it names, segments, index
 * parts (see postings.ts), feed items, articles and slug buckets. The Worker
 * checks each value against these schemas the first time an isolate reads it
 * (values are immutable, so once is enough).
 * Pure zod; imports neither node:* nor cloudflare:*.
 */
import { z } from "zod";
import { Article, CleanText, DateSource, Instant, Slug, StoryRef } from "./article.js";
import { ROOT_PREFIX, STORE_FORMAT } from "./keys.js";
import { Layout } from "./layout.js";

export { STORE_FORMAT };

/** Most items a feed page holds, and so the largest `limit` a request may ask for (one bulk read). */
export const PAGE_SIZE = 100;

/**
 * Most body HTML a feed item carries (whole blocks, cut before this size): a
 * default feed of 20 items stays under 1 MB, the largest (100) under 5 MB,
 * the size some readers refuse.
 */
export const ITEM_HTML_BYTES = 40 * 1024;

/** The content address of a value: 16 hex digits of its SHA-256. */
export const Hash = z.string().regex(/^[0-9a-f]{16}$/);

/** One feed item, with its body pre-rendered at deploy time. */
export const FeedItem = z.object({
  id: Article.shape.id,
  slug: Slug,
  title: CleanText,
  summary: CleanText,
  author: CleanText.nullable(),
  published: Instant,
  updated: Instant,
  /**
   * Where `published` came from: "ledger" means the page gives no date and it is
   * when Wirefeed first published it (pages say "added", never "published").
   * Absent in items written before it existed: read as a date from the text.
   */
  dateSource: DateSource.optional(),
  topics: z.array(Slug),
  /** The body as an HTML fragment (escaped text, a fixed set of tags), cut at ITEM_HTML_BYTES. */
  html: z.string(),
  /** The body was longer than a feed item carries: feeds link to the article for the rest. */
  truncated: z.boolean(),
  /** The story the article belongs to (a story feed's item: the story it stands for). */
  story: StoryRef.optional(),
  /**
   * A story item's place in the story feeds' order, [published ms, slug] of
   * its newest version, and so what its cursor names; an article's item has
   * none (its place is its own published instant and slug).
   */
  orderKey: z.tuple([z.number().int(), Slug]).optional(),
});
export type FeedItem = z.infer<typeof FeedItem>;

/** What a scope (all articles, or one topic) is, for Last-Modified and change detection. */
export const ScopeState = z.object({
  count: z.number().int().nonnegative(),
  /** Hash of everything its feeds show: its items in order, the topic names, the site settings. */
  fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
  /** When the fingerprint last changed (the deploy that changed it). */
  lastModified: Instant,
});
export type ScopeState = z.infer<typeof ScopeState>;

export const TopicEntry = ScopeState.extend({
  slug: Slug,
  name: CleanText,
  description: CleanText,
});
export type TopicEntry = z.infer<typeof TopicEntry>;

/** Largest segment id: 48 bits. */
export const MAX_SEGMENT_ID = 2 ** 48 - 1;

/** A segment: [id, articles, oldest article's published ms, content hash, oldest article's slug when needed]. */
export const SegmentEntry = z.tuple([
  z.number().int().min(0).max(MAX_SEGMENT_ID),
  z.number().int().positive(),
  z.number().int(),
  Hash,
  /** Only when the segment before ends with an article published at the same instant. */
  Slug.nullable(),
]);
export type SegmentEntry = z.infer<typeof SegmentEntry>;

/** An index part: [its first term, its content hash]. */
export const PartEntry = z.tuple([z.string().min(1), Hash]);
export type PartEntry = z.infer<typeof PartEntry>;

/** A topic's share of the story feeds, for their Last-Modified. */
export const StoryScope = ScopeState.extend({ slug: Slug });
export type StoryScope = z.infer<typeof StoryScope>;

/**
 * The stories: one item per story, in the story feeds' order (a story sits
 * where its newest version sits in the article order). Cut into segments and
 * indexed exactly as the articles are; a story's terms are those of all its
 * versions (its topics, every word any version has).
 */
export const StoryCollection = z.object({
  all: ScopeState,
  /** One entry per topic of the root, in the same order. */
  topics: z.array(StoryScope),
  /** Oldest first. */
  segments: z.array(SegmentEntry),
  /** In term order. */
  parts: z.array(PartEntry),
  maxPartsPerTerm: z.number().int().nonnegative(),
});
export type StoryCollection = z.infer<typeof StoryCollection>;

export const Root = z.object({
  format: z.literal(STORE_FORMAT),
  layout: Layout,
  articleCount: z.number().int().nonnegative(),
  all: ScopeState,
  /** The topics' names and descriptions (what article pages and every item's categories show). */
  taxonomy: z.object({ fingerprint: ScopeState.shape.fingerprint, lastModified: Instant }),
  topics: z.array(TopicEntry),
  /** Oldest first. */
  segments: z.array(SegmentEntry),
  /** In term order. */
  parts: z.array(PartEntry),
  /** Bucket i holds the slugs whose slugBucket() is i; null when it holds none. A power of two of them. */
  slugBuckets: z
    .array(Hash.nullable())
    .min(1)
    .refine((b) => (b.length & (b.length - 1)) === 0, { message: "not a power of two" }),
  /** The most parts one term's postings span (what a request may need to read per term). */
  maxPartsPerTerm: z.number().int().nonnegative(),
  stories: StoryCollection,
});
export type Root = z.infer<typeof Root>;

/** The key of a root of this format. */
const RootKey = z
  .string()
  .refine((k) => k.startsWith(ROOT_PREFIX) && Hash.safeParse(k.slice(ROOT_PREFIX.length)).success, {
    message: "not a root key",
  });

/** The manifest: the one mutable key, naming the live root and the one before it. */
export const Manifest = z.object({
  format: z.literal(STORE_FORMAT),
  /** The live root's hash: unchanged articles give the same version. */
  version: Hash,
  root: RootKey,
  publishedAt: Instant,
  previous: z.object({ version: Hash, root: RootKey }).nullable(),
});
export type Manifest = z.infer<typeof Manifest>;

/** A segment's rows, oldest first. */
export const SegmentRows = z
  .object({ ms: z.array(z.number().int()), slugs: z.array(Slug), items: z.array(Hash) })
  .refine((r) => r.ms.length === r.slugs.length && r.ms.length === r.items.length, {
    message: "rows of unequal length",
  });
export type SegmentRows = z.infer<typeof SegmentRows>;

/** A segment's item hashes, oldest first. */
export const SegmentKeys = z.array(Hash);

/** Slug → article hash. */
export const SlugBucket = z.record(Slug, Hash);
export type SlugBucket = z.infer<typeof SlugBucket>;
