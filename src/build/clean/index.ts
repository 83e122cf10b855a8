/**
 * The cleaning engine: a plain-text page dump in, the article out (title,
 * metadata, typed body blocks). Steps: normalise characters → lines with
 * features → furniture and tables of contents marked → the article region
 * chosen as the best-scoring run of lines (prose counts for it, furniture
 * against it, "related posts" and the like end it) → blocks → metadata from
 * the lines around the region. Linear in the size of the dump.
 */
import type { Block } from "../../schema/article.js";
import { normalizeText } from "../normalize.js";
import { isHeadingLike, isHeadlineLike, isProse, type Line, sameKey, toLines } from "./lines.js";
import {
  deriveTitle,
  headlineScore,
  isDateLine,
  parseByline,
  parseDate,
  parseOrigin,
  parseSection,
  parseSite,
  parseTags,
} from "./metadata.js";
import { buildBlocks } from "./structure.js";

export interface CleanedPage {
  title: string | null;
  /** True when the page had no headline and the title was made from the lead. */
  titleDerived: boolean;
  author: string | null;
  /** ISO instant of the publication date the page gives, or null. */
  published: string | null;
  site: string | null;
  section: string | null;
  origin: string | null;
  tags: string[];
  blocks: Block[];
  /** Why each line was kept or dropped, for `clean --explain`. */
  trace: { line: number; text: string; verdict: string }[];
}

/** How much a line counts for (positive) or against (negative) being inside the article. */
function lineScore(l: Line): number {
  if (l.kind === "end") return Number.NEGATIVE_INFINITY;
  if (l.kind !== "text") return -4;
  if (isDateLine(l)) return -3;
  if (isHeadlineLike(l) && l.capRatio >= 0.5) return -1.5;
  if (isProse(l)) return l.words;
  if (l.bullet) return l.words >= 4 && l.stopDensity >= 0.1 ? l.words * 0.6 : -1;
  if (l.words >= 6 && l.stopDensity >= 0.15 && l.sentenceEnd) return l.words * 0.5;
  if (isHeadingLike(l)) return -1.5;
  return -3;
}

/** The best-scoring contiguous run of lines (Kadane), never across an end marker. */
function articleRegion(lines: readonly Line[]): [number, number] | null {
  let best = 0;
  let bestRange: [number, number] | null = null;
  let sum = 0;
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    const s = lineScore(l);
    if (sum + s <= 0 || s === Number.NEGATIVE_INFINITY) {
      sum = 0;
      start = i + 1;
      continue;
    }
    sum += s;
    if (sum > best) {
      best = sum;
      bestRange = [start, i];
    }
  }
  return bestRange;
}

/** Lines of a table of contents: the short lines after its marker, or a list of later headings. */
function markTableOfContents(lines: Line[]): Set<number> {
  const toc = new Set<number>();
  const laterHeadings = new Map<string, number>();
  for (const l of lines) if (isHeadingLike(l) && !l.bullet) laterHeadings.set(sameKey(l.text), l.index);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.kind !== "toc-marker") continue;
    toc.add(i);
    let j = i + 1;
    if (lines[j] && /^(?:toggle|show|hide|\[?(?:show|hide)\]?)$/i.test(lines[j]?.text ?? "")) toc.add(j++);
    for (; j < lines.length; j++) {
      const l = lines[j];
      if (!l || l.words > 20 || l.sentenceEnd) break;
      const at = laterHeadings.get(sameKey(l.text));
      // A TOC entry repeats a heading further down; the first heading itself ends the TOC.
      if (at === undefined || at === j) break;
      toc.add(j);
    }
  }
  return toc;
}

export function cleanPage(raw: string): CleanedPage {
  const lines = toLines(normalizeText(raw));
  const toc = markTableOfContents(lines);
  for (const i of toc) {
    const l = lines[i];
    if (l) l.kind = "toc-marker";
  }
  const region = articleRegion(lines);
  const trace: CleanedPage["trace"] = [];
  const empty: CleanedPage = {
    title: null,
    titleDerived: false,
    author: null,
    published: null,
    site: null,
    section: null,
    origin: null,
    tags: [],
    blocks: [],
    trace,
  };
  if (!region) return empty;
  let [from, to] = region;
  // Headings directly above the first paragraph belong to the article.
  while (from > 0 && isHeadingLike(lines[from - 1] as Line) && !isDateLine(lines[from - 1] as Line)) from--;

  // Metadata lives above the article: headline, byline, date, section, dek.
  let titleAt = -1;
  let bestScore = 0;
  for (let i = 0; i < from; i++) {
    const l = lines[i] as Line;
    if (l.kind !== "text" || isDateLine(l) || parseByline(l)) continue;
    const follow = lines.slice(i + 1, i + 4);
    const s = headlineScore(l) + (follow.some((f) => parseByline(f) || isDateLine(f)) ? 2 : 0);
    if (s > bestScore || (s === bestScore && s > 0 && titleAt < 0)) {
      bestScore = s;
      titleAt = i;
    }
  }
  const head = lines.slice(titleAt >= 0 ? titleAt + 1 : 0, from);
  let author: string | null = null;
  let published: string | null = null;
  let section: string | null = null;
  let origin: string | null = null;
  for (const l of head) {
    author ??= parseByline(l);
    if (isDateLine(l)) published ??= parseDate(l.text);
    if (l.text.length <= 120) section ??= parseSection(l);
    if (l.kind === "text" && l.index !== titleAt) origin ??= parseOrigin(l);
  }
  if (!section) for (const l of lines.slice(0, from)) if (l.text.length <= 120) section ??= parseSection(l);
  let site: string | null = null;
  for (const l of lines) if (l.text.length <= 200) site ??= parseSite(l);

  // No headline above the article, but it opens with one: that is the headline.
  const opening = lines[from];
  if (titleAt < 0 && opening && headlineScore(opening) > 0 && from < to) titleAt = from;
  const titleLine = titleAt >= 0 ? lines[titleAt] : undefined;
  const titleKey = titleLine ? sameKey(titleLine.text) : "";
  const body: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line;
    let verdict: string;
    if (i === titleAt) verdict = "title";
    else if (i < from || i > to) verdict = i < from ? "before article" : "after article";
    else if (l.kind !== "text") verdict = l.kind;
    else if (isDateLine(l) || parseByline(l)) verdict = "metadata";
    else if (titleKey && sameKey(l.text) === titleKey) verdict = "repeats title";
    else {
      verdict = "kept";
      body.push(l);
    }
    trace.push({ line: i, text: l.text, verdict });
  }
  const blocks = buildBlocks(body);
  const known = new Set<string>();
  for (const l of lines) for (const w of l.text.toLowerCase().match(/\p{L}+/gu) ?? []) known.add(w);
  const tagLine = lines.find((l) => /^tags?\s*:/i.test(l.text));
  const lead = blocks.find((b) => b.type === "paragraph");
  let title = titleLine?.text ?? null;
  let titleDerived = false;
  if (!title && lead?.type === "paragraph") {
    title = deriveTitle(lead.text);
    titleDerived = true;
  }
  return {
    title,
    titleDerived,
    author,
    published,
    site,
    section,
    origin,
    tags: tagLine ? parseTags(tagLine.text, known) : [],
    blocks,
    trace,
  };
}
