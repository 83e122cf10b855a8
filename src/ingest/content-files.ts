/**
 * The files under content/ besides the raw articles: the taxonomy, the sidecar
 * of per-article overrides and the date ledger. Each is read and validated
 * here; a problem becomes a BuildError naming the file, the field and the fix.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { CleanText, Instant, Slug } from "../schema/article.js";
import { Taxonomy } from "../schema/topic.js";
import { BuildError } from "./errors.js";

export const ARTICLES_DIR = "articles";
export const TAXONOMY_FILE = "topics.json";
export const OVERRIDES_FILE = "overrides.json";
export const LEDGER_FILE = "ledger.json";

/** A date (YYYY-MM-DD, midnight UTC) or an RFC 3339 date-time with an offset. */
const DateOrDateTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString());

/** Per-article overrides: what the operator knows better than the page. */
export const Override = z
  .object({
    title: CleanText.max(300),
    author: CleanText.max(200),
    published: DateOrDateTime,
    url: z.url({ protocol: /^https?$/ }),
    slug: Slug,
    site: CleanText.max(200),
    section: CleanText.max(200),
    language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/),
  })
  .partial()
  .strict();
export type Override = z.infer<typeof Override>;
export const Overrides = z.record(z.string(), Override);
export type Overrides = z.infer<typeof Overrides>;

/** What the service remembers of each article it has published, so ids, slugs and dates never move. */
export const LedgerEntry = z
  .object({
    slug: Slug,
    /** When the article was first published into the service. */
    firstPublished: Instant,
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** When its content last changed after first publication, if it has. */
    changed: Instant.nullable(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntry>;
export const Ledger = z.record(z.string(), LedgerEntry);
export type Ledger = z.infer<typeof Ledger>;

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.length ? i.path.join(".") : "(top level)";
      return `${path}: ${i.message}`;
    })
    .join("; ");
}

function readJson<T>(path: string, schema: z.ZodType<T>, missing: T | undefined, hint: string): T {
  if (!existsSync(path)) {
    if (missing !== undefined) return missing;
    throw new BuildError(path, `is missing; ${hint}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new BuildError(path, `is not valid JSON (${(e as Error).message}); ${hint}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new BuildError(path, `${describe(parsed.error)}; ${hint}`);
  return parsed.data;
}

export function readTaxonomy(path: string): Taxonomy {
  return readJson(
    path,
    Taxonomy,
    undefined,
    'it must be {"topics": [{"slug", "name", "description", "aliases": [...]}]}',
  );
}

export function readOverrides(path: string): Overrides {
  return readJson(
    path,
    Overrides,
    {},
    'it maps an article\'s file name (without .txt) to {"title", "author", "published", "url", "slug", "site", "section", "language"}, all optional',
  );
}

export function readLedger(path: string): Ledger {
  return readJson(path, Ledger, {}, "it is written by `npm run deploy`; restore it from git");
}

/** Writes the ledger with sorted keys, so its diff in git shows only what changed. */
export function writeLedger(path: string, ledger: Ledger): void {
  const sorted = Object.fromEntries(Object.entries(ledger).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
}
