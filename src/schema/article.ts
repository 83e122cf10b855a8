/**
 * The Article record: the one contract between build time (src/ingest, src/publish)
 * and run time (src/worker). Pure zod; imports neither node:* nor cloudflare:*.
 */
import { z } from "zod";

/** Text that has been cleaned: no control characters, no leading/trailing space. */
export const CleanText = z
  .string()
  .min(1)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this is the check that forbids them
  .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/.test(s), {
    message: "contains a control character",
  })
  .refine((s) => s === s.trim(), { message: "has leading or trailing whitespace" });

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const Slug = z.string().min(1).max(120).regex(SLUG_PATTERN, "must be lowercase words joined by hyphens");

/** RFC 3339 date-time in UTC with a `Z` offset, as Date#toISOString() writes it. */
export const Instant = z.iso.datetime({ offset: false, precision: 3 });

export const HeadingBlock = z.object({
  type: z.literal("heading"),
  level: z.number().int().min(2).max(4),
  text: CleanText,
});
export const ParagraphBlock = z.object({ type: z.literal("paragraph"), text: CleanText });
export const ListBlock = z.object({
  type: z.literal("list"),
  ordered: z.boolean(),
  items: z.array(CleanText).min(1),
});
export const TableBlock = z.object({
  type: z.literal("table"),
  /** Column names, when the page had a header row. */
  header: z.array(z.string()).nullable(),
  rows: z.array(z.array(z.string()).min(1)).min(1),
});
export const QuoteBlock = z.object({
  type: z.literal("quote"),
  text: CleanText,
  cite: CleanText.nullable(),
});

export const Block = z.discriminatedUnion("type", [HeadingBlock, ParagraphBlock, ListBlock, TableBlock, QuoteBlock]);
export type Block = z.infer<typeof Block>;

/** Where an article's published date came from; a date is never invented. */
export const DateSource = z.enum(["text", "sidecar", "ledger"]);
export type DateSource = z.infer<typeof DateSource>;

export const Source = z.object({
  /** Name of the file under content/articles the article was cleaned from. */
  file: z.string().min(1),
  /** The site the page was copied from, when the page names it. */
  site: CleanText.nullable(),
  /** The page's URL, when known (sidecar). */
  url: z.url({ protocol: /^https?$/ }).nullable(),
  /** The site's section ("in Bosnia-and-Herzegovina"), when the page gives it. */
  section: CleanText.nullable(),
  /** The original publisher named in a dek ("… – NATO HQ"), when given. */
  origin: CleanText.nullable(),
});

/** One version of a story: what a reader needs to choose it (its page is /articles/<slug>). */
export const StoryVersion = z.object({
  slug: Slug,
  title: CleanText.max(300),
  /** The site the version was copied from, when the page names it. */
  site: CleanText.nullable(),
  /** The original page, when known. */
  sourceUrl: Source.shape.url,
  published: Instant,
  dateSource: DateSource,
});
export type StoryVersion = z.infer<typeof StoryVersion>;

/**
 * The story an article belongs to: every article that reports the same news,
 * this one included (a story of one article lists only itself). Set by the
 * deploy (src/publish/story-plan.ts), never by the build, and left out of the
 * article's content hash: coverage joining a story does not edit the article.
 */
/**
 * Most versions a story lists where it is carried (every version's item and
 * record): a wire story syndicated by hundreds of sites stays a few KiB per
 * item, not a list as long as the story on each of its versions.
 */
export const STORY_LIST_MAX = 20;

export const StoryRef = z.object({
  /** The story's id: its first article's id, stable while coverage grows and across deploys. */
  id: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  /** When the story last changed: its newest version, an edit, or coverage added to it. */
  updated: Instant,
  /** How many versions the story has. */
  count: z.number().int().positive(),
  /** Its versions, earliest first: all of them, or the first STORY_LIST_MAX. */
  articles: z.array(StoryVersion).min(1).max(STORY_LIST_MAX),
});
export type StoryRef = z.infer<typeof StoryRef>;

export const Article = z.object({
  /** Stable, globally unique id (urn:uuid), derived from the source file's key only. */
  id: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  /** The source file's name without extension: the article's identity in content/. */
  key: z.string().min(1).max(200),
  slug: Slug,
  title: CleanText.max(300),
  /** Plain-text lead, for feed summaries and listings. */
  summary: CleanText.max(1000),
  author: CleanText.nullable(),
  published: Instant,
  updated: Instant,
  dateSource: DateSource,
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/),
  source: Source,
  /** Tags the source page gave the article. */
  tags: z.array(CleanText),
  /** Topic slugs from the taxonomy, most relevant first. */
  topics: z.array(Slug),
  body: z.array(Block).min(1),
  wordCount: z.number().int().nonnegative(),
  /** SHA-256 (hex) of the cleaned record's content, for change detection. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The story it belongs to: present in what the deploy publishes, absent in what the build produces. */
  story: StoryRef.optional(),
});
export type Article = z.infer<typeof Article>;
