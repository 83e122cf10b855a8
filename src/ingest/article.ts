/**
 * Assembles one Article record from a cleaned page, the operator's overrides,
 * the topic matcher and the ledger. Identity (id, slug, first date) comes from
 * the file's key and the ledger, never from the cleaner's output, so improving
 * the cleaner cannot move an article.
 */
import { createHash } from "node:crypto";
import { type Article, Article as ArticleSchema, type Block } from "../schema/article.js";
import { blocksToLines } from "../shared/blocks-html.js";
import { words } from "../shared/text.js";
import type { CleanedPage } from "./clean/index.js";
import type { LedgerEntry, Override } from "./content-files.js";
import { BuildError } from "./errors.js";
import { assignedTopics, type TopicMatch } from "./topics.js";

/** Namespace of Wirefeed's name-based (v5) UUIDs. */
const ID_NAMESPACE = "6f1c2a4e-3b8d-4c55-9a0e-7d2f1b9c8e41";

/** RFC 9562 UUID version 5 of a name in Wirefeed's namespace. */
export function uuidV5(name: string): string {
  const ns = Buffer.from(ID_NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A URL slug from a title: ASCII letters and digits, at most 64 characters, cut at a word. */
export function slugify(title: string): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[’']/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (ascii.length <= 64) return ascii || "article";
  const cut = ascii.slice(0, 65);
  return cut.slice(0, cut.lastIndexOf("-") > 20 ? cut.lastIndexOf("-") : 64).replace(/-+$/, "");
}

/** The lead as a plain-text summary: the first paragraph, cut at a sentence near 600 characters. */
export function summarize(blocks: readonly Block[]): string {
  const lead = blocks.find((b) => b.type === "paragraph")?.text ?? blocksToLines(blocks)[0] ?? "";
  if (lead.length <= 600) return lead;
  const head = lead.slice(0, 600);
  const sentence = head.match(/^.*[.!?](?=\s)/s)?.[0];
  if (sentence && sentence.length >= 200) return sentence;
  return `${head.slice(0, head.lastIndexOf(" ")).trim()}…`;
}

export interface ArticleInput {
  key: string;
  file: string;
  page: CleanedPage;
  override: Override;
  topics: TopicMatch[];
  ledger: LedgerEntry | undefined;
  /** The time of this build, for articles the ledger has not seen. */
  now: string;
  language: string;
}

/** The parts of an article a reader sees change when they change; dates are not among them. */
function contentHash(a: Omit<Article, "contentHash" | "published" | "updated" | "dateSource">): string {
  return createHash("sha256")
    .update(JSON.stringify([a.title, a.summary, a.author, a.source, a.tags, a.topics, a.body, a.language]))
    .digest("hex");
}

export function assembleArticle(input: ArticleInput): { article: Article; ledger: LedgerEntry } {
  const { key, file, page, override, ledger, now } = input;
  if (page.blocks.length === 0) {
    throw new BuildError(
      file,
      "has no article text: everything in it looks like page furniture (menus, banners, links)",
    );
  }
  const title = override.title ?? page.title;
  if (!title)
    throw new BuildError(
      file,
      'has no headline and no paragraph to derive one from; set "title" in content/overrides.json',
    );
  const summary = summarize(page.blocks);
  const base = {
    id: `urn:uuid:${uuidV5(`article:${key}`)}`,
    key,
    slug: override.slug ?? ledger?.slug ?? slugify(title),
    title,
    summary,
    author: override.author ?? page.author,
    language: override.language ?? input.language,
    source: {
      file,
      site: override.site ?? page.site,
      url: override.url ?? null,
      section: override.section ?? page.section,
      origin: page.origin,
    },
    tags: page.tags,
    topics: assignedTopics(input.topics),
    body: page.blocks,
    wordCount: page.blocks.reduce((n, b) => n + blocksToLines([b]).reduce((m, l) => m + words(l).length, 0), 0),
  };
  const hash = contentHash(base);
  const published = override.published ?? page.published ?? ledger?.firstPublished ?? now;
  const dateSource = override.published ? "sidecar" : page.published ? "text" : "ledger";
  const changed = ledger && ledger.contentHash !== hash ? now : (ledger?.changed ?? null);
  const updated = changed && changed > published ? changed : published;
  const record = { ...base, contentHash: hash, published, updated, dateSource };
  const parsed = ArticleSchema.safeParse(record);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new BuildError(file, `produced an invalid article (${why})`);
  }
  return {
    article: parsed.data,
    ledger: { slug: base.slug, firstPublished: ledger?.firstPublished ?? now, contentHash: hash, changed },
  };
}
