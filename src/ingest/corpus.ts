/**
 * Builds the whole corpus from content/: every raw article cleaned, tagged and
 * validated, the taxonomy and the updated ledger. All problems are collected
 * and reported together (BuildErrors) before anything could be published.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Article } from "../schema/article.js";
import type { Topic } from "../schema/topic.js";
import { blocksToLines } from "../shared/blocks-html.js";
import { assembleArticle } from "./article.js";
import { type CleanedPage, type CleanOptions, cleanPage, lineKeys, looksLikeNavigation } from "./clean/index.js";
import { sameKey } from "./clean/lines.js";
import {
  ARTICLES_DIR,
  LEDGER_FILE,
  type Ledger,
  OVERRIDES_FILE,
  readLedger,
  readOverrides,
  readTaxonomy,
  TAXONOMY_FILE,
} from "./content-files.js";
import { BuildError, BuildErrors } from "./errors.js";
import { normalizeText } from "./normalize.js";
import { decodeInput, type InputText } from "./read-input.js";
import { createTopicMatcher, type TopicMatch } from "./topics.js";

/** Raw files larger than this are refused: no news article is this long, and KV values are capped. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface CorpusOptions {
  contentDir: string;
  /** The time of this build (ISO instant): the first-published date of articles the ledger lacks. */
  now: string;
  language?: string;
  /** Called with each warning (removed characters, …) as it is found. */
  onWarning?: (message: string) => void;
}

export interface Corpus {
  articles: Article[];
  topics: Topic[];
  /** The ledger with entries for every article built; write it after a successful deploy. */
  ledger: Ledger;
  /** Whether the ledger differs from the one on disk. */
  ledgerChanged: boolean;
  warnings: string[];
}

export interface CleanedFile {
  key: string;
  file: string;
  page: CleanedPage;
  warnings: string[];
}

/** Pages a line must appear in to count as the corpus's furniture rather than an article's text. */
export const COMMON_LINE_PAGES = 2;

/**
 * Words a line needs to count as an article's paragraph when comparing two
 * pages (headline lists, addresses and banners are shorter).
 */
const TEXT_LINE_WORDS = 20;
/** Paragraphs two pages must share, at least, to be copies of one article (an excerpt has two). */
const NEAR_DUPLICATE_LINES = 2;
/**
 * Two pages sharing at least this share of the shorter one's paragraphs are
 * the same article (a copy, a syndicated version, an excerpt): what they share
 * is the article, not furniture.
 */
const NEAR_DUPLICATE_SHARE = 0.6;
/** A line in more pages than this is furniture without checking which pages they are. */
const PAIR_CHECK_PAGES = 64;

/**
 * Keys of the lines that appear in at least COMMON_LINE_PAGES distinct pages
 * that are not copies of one another: what a site prints around every
 * article. The same text given twice (a file previewed from another folder)
 * counts once, and the text shared by a wire story and its syndicated copies
 * (most of their text lines) is theirs, never furniture.
 */
export function corpusCommonLines(texts: Iterable<string>): Set<string> {
  const distinct = [...new Set(texts)];
  const keysOf = distinct.map((t) => lineKeys(t));
  const paragraphsOf = distinct.map((t) => paragraphKeys(t));
  const pagesOf = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, k: string, page: number) => {
    const list = index.get(k);
    if (!list) index.set(k, [page]);
    else if (list.length <= PAIR_CHECK_PAGES) list.push(page);
  };
  for (const [page, keys] of keysOf.entries()) for (const k of keys) if (k) add(pagesOf, k, page);
  const paragraphPages = new Map<string, number[]>();
  for (const [page, keys] of paragraphsOf.entries()) for (const k of keys) add(paragraphPages, k, page);
  // paragraphs shared by each pair of pages (only pairs that share one are counted)
  const shared = new Map<number, number>();
  const pairKey = (a: number, b: number) => (a < b ? a * distinct.length + b : b * distinct.length + a);
  for (const pages of paragraphPages.values()) {
    if (pages.length < 2 || pages.length > PAIR_CHECK_PAGES) continue;
    for (let i = 0; i < pages.length; i++)
      for (let j = i + 1; j < pages.length; j++) {
        const pk = pairKey(pages[i] as number, pages[j] as number);
        shared.set(pk, (shared.get(pk) ?? 0) + 1);
      }
  }
  // Pages sharing most of their paragraphs are copies if their articles are: a site's
  // teasers (long summaries of other stories) are shared too, but the articles differ.
  const bodies = new Map<number, Set<string>>();
  const bodyOf = (page: number): Set<string> => {
    let body = bodies.get(page);
    if (!body) {
      body = paragraphKeys(blocksToLines(cleanPage(distinct[page] ?? "").blocks).join("\n"));
      bodies.set(page, body);
    }
    return body;
  };
  const overlaps = (a: Set<string>, b: Set<string>, n: number): boolean => {
    const smaller = Math.min(a.size, b.size);
    return n >= NEAR_DUPLICATE_LINES && n >= smaller * NEAR_DUPLICATE_SHARE;
  };
  const nearDuplicates = (a: number, b: number): boolean => {
    const pa = paragraphsOf[a] ?? new Set<string>();
    const pb = paragraphsOf[b] ?? new Set<string>();
    if (!overlaps(pa, pb, shared.get(pairKey(a, b)) ?? 0)) return false;
    const ba = bodyOf(a);
    const bb = bodyOf(b);
    let n = 0;
    for (const k of ba) if (bb.has(k)) n++;
    return overlaps(ba, bb, n);
  };
  const common = new Set<string>();
  for (const [k, pages] of pagesOf) {
    if (pages.length < COMMON_LINE_PAGES) continue;
    if (pages.length > PAIR_CHECK_PAGES) {
      common.add(k);
      continue;
    }
    // furniture when two of its pages are different articles
    search: for (let i = 0; i < pages.length; i++)
      for (let j = i + 1; j < pages.length; j++)
        if (!nearDuplicates(pages[i] as number, pages[j] as number)) {
          common.add(k);
          break search;
        }
  }
  return common;
}

/** The keys of a page's paragraphs: its lines of at least TEXT_LINE_WORDS words, whatever their length. */
function paragraphKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of normalizeText(text).split("\n")) {
    const k = sameKey(line);
    let words = 1;
    for (let i = 0; i < k.length && words < TEXT_LINE_WORDS; i++) if (k.charCodeAt(i) === 32) words++;
    if (words >= TEXT_LINE_WORDS) keys.add(k);
  }
  return keys;
}

/** Reads and decodes one raw file, refusing one over MAX_FILE_BYTES (errors name the file as given). */
export function readRawFile(path: string, displayName = path): InputText {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw new BuildError(
        displayName,
        `is ${(size / 1048576).toFixed(1)} MB; an article may be at most ${MAX_FILE_BYTES / 1048576} MB`,
      );
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof BuildError) throw e;
    throw new BuildError(displayName, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeInput(displayName, bytes);
}

/** The texts of the files that can be read (for counting common lines; reading each file again reports the rest). */
export function readableTexts(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    try {
      return [readRawFile(path).text];
    } catch (e) {
      if (e instanceof BuildError) return [];
      throw e;
    }
  });
}

/**
 * What the operator should check about a page's title: one made from the
 * lead because no line looked like a headline, or one that looks like
 * navigation. Each names the file and how to override it; null when the
 * title is fine or an override sets it.
 */
export function titleWarning(file: CleanedFile, overridden: boolean): string | null {
  const { title, titleDerived } = file.page;
  if (overridden) return null;
  const override = `set "title" for "${file.key}" in content/${OVERRIDES_FILE}`;
  const fix = `${override} if it is wrong`;
  if (!title) return `${file.file}: has no title; ${override}`;
  if (titleDerived) {
    return `${file.file}: no line looks like a headline, so the title "${title}" was made from the first sentence; ${fix}`;
  }
  if (looksLikeNavigation(title)) return `${file.file}: the title "${title}" looks like a navigation line; ${fix}`;
  return null;
}

/** Cleans one raw file's decoded text. */
export function cleanInput(
  path: string,
  displayName: string,
  input: InputText,
  options: CleanOptions = {},
): CleanedFile {
  const page = cleanPage(input.text, options);
  const warnings = [...input.warnings, ...page.warnings.map((w) => `${displayName}: ${w}`)];
  return { key: basename(path).replace(/\.txt$/i, ""), file: displayName, page, warnings };
}

/** Reads and cleans one raw file (errors name the file as given). */
export function cleanFile(path: string, displayName = path, options: CleanOptions = {}): CleanedFile {
  return cleanInput(path, displayName, readRawFile(path, displayName), options);
}

/** The topic scores of a cleaned page: title, section headings, lead and the rest of the body. */
export function scoreTopics(
  match: ReturnType<typeof createTopicMatcher>,
  page: CleanedPage,
  title: string,
): TopicMatch[] {
  const leadIndex = page.blocks.findIndex((b) => b.type === "paragraph");
  const lead = leadIndex >= 0 ? blocksToLines([page.blocks[leadIndex] as (typeof page.blocks)[number]]).join("\n") : "";
  const heading = blocksToLines(page.blocks.filter((b) => b.type === "heading")).join("\n");
  const rest = blocksToLines(page.blocks.filter((b, i) => i !== leadIndex && b.type !== "heading")).join("\n");
  return match({ title, heading, lead, body: rest });
}

export function buildCorpus(options: CorpusOptions): Corpus {
  const { contentDir, now } = options;
  const errors: BuildError[] = [];
  const warnings: string[] = [];
  const warn = (w: string) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof BuildError) errors.push(e);
      else throw e;
      return undefined;
    }
  };
  const taxonomy = attempt(() => readTaxonomy(join(contentDir, TAXONOMY_FILE)));
  const overrides = attempt(() => readOverrides(join(contentDir, OVERRIDES_FILE))) ?? {};
  const oldLedger = attempt(() => readLedger(join(contentDir, LEDGER_FILE))) ?? {};
  const dir = join(contentDir, ARTICLES_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith(".txt"))
      .sort();
  } catch {
    errors.push(new BuildError(dir, "cannot be read; raw articles go in content/articles/*.txt"));
  }
  if (names.length === 0 && errors.length === 0) errors.push(new BuildError(dir, "holds no .txt articles"));
  const keys = new Set(names.map((n) => n.replace(/\.txt$/i, "")));
  for (const key of Object.keys(overrides)) {
    if (!keys.has(key)) {
      errors.push(
        new BuildError(join(contentDir, OVERRIDES_FILE), `names "${key}", but there is no ${ARTICLES_DIR}/${key}.txt`),
      );
    }
  }
  const matcher = taxonomy ? createTopicMatcher(taxonomy.topics) : null;
  // each file is read once: its text serves both the common-line count and its cleaning
  const inputs = names.map((name) => {
    const path = join(dir, name);
    const display = relative(process.cwd(), path) || path;
    return { name, path, display, input: attempt(() => readRawFile(path, display)) };
  });
  const commonLines = corpusCommonLines(inputs.flatMap(({ input }) => (input ? [input.text] : [])));
  const articles: Article[] = [];
  const ledger: Ledger = {};
  for (const { name, path, display, input } of inputs) {
    if (!input) continue;
    attempt(() => {
      const cleaned = cleanInput(path, display, input, { commonLines });
      for (const w of cleaned.warnings) warn(w);
      if (!matcher) return;
      const override = overrides[cleaned.key] ?? {};
      const titleNote = titleWarning(cleaned, override.title !== undefined);
      if (titleNote) warn(titleNote);
      const title = override.title ?? cleaned.page.title ?? "";
      const { article, ledger: entry } = assembleArticle({
        key: cleaned.key,
        file: `${ARTICLES_DIR}/${name}`,
        page: cleaned.page,
        override,
        topics: scoreTopics(matcher, cleaned.page, title),
        ledger: oldLedger[cleaned.key],
        now,
        language: options.language ?? "en",
      });
      articles.push(article);
      ledger[cleaned.key] = entry;
    });
  }
  const bySlug = new Map<string, Article>();
  for (const a of articles) {
    const other = bySlug.get(a.slug);
    if (other) {
      errors.push(
        new BuildError(
          `${ARTICLES_DIR}/${a.key}.txt`,
          `has the slug "${a.slug}", like ${ARTICLES_DIR}/${other.key}.txt; give one of them its own "slug" in content/${OVERRIDES_FILE}`,
        ),
      );
    }
    bySlug.set(a.slug, a);
  }
  if (errors.length) throw new BuildErrors(errors);
  // Entries of articles that left content/ stay: their slugs and dates come back with them.
  const merged: Ledger = { ...oldLedger, ...ledger };
  const ledgerChanged =
    JSON.stringify(Object.entries(merged).sort()) !== JSON.stringify(Object.entries(oldLedger).sort());
  return { articles, topics: taxonomy?.topics ?? [], ledger: merged, ledgerChanged, warnings };
}
