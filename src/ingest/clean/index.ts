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
  pageVocabulary,
  parseByline,
  parseDate,
  parseOrigin,
  parseSection,
  parseSite,
  parseTags,
} from "./metadata.js";
import { buildBlocks } from "./structure.js";
import { isChrome, isEndMarker, isNavigationLine, isShareBar } from "./vocabulary.js";

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
  /** What the cleaner had to do that the operator should know ("has no line breaks; …"). */
  warnings: string[];
}
/**
 * What a marker such as "Related Posts" or "Comments" costs: a region rarely
 * spans one, but an inline "Related" box inside a long article does not cut it.
 */
const END_COST = -40;

/** Words a line of running text without final punctuation needs to count as prose. */
const UNPUNCTUATED_PROSE_WORDS = 15;

/** How much a line counts for (positive) or against (negative) being inside the article. */
function lineScore(l: Line): number {
  if (l.kind === "end") return END_COST;
  // a table of contents or a chatbot's remark sits inside the article's span: removed, but no boundary
  if (l.kind === "toc-marker" || l.kind === "chatbot") return 0;
  if (l.kind !== "text") return -4;
  if (isDateLine(l)) return -3;
  if (isHeadlineLike(l) && l.capRatio >= 0.5) return -1.5;
  if (isProse(l)) return l.words;
  // a long sentence whose full stop the copy lost is still prose
  if (!l.bullet && l.words >= UNPUNCTUATED_PROSE_WORDS && l.stopDensity >= 0.2) return l.words * 0.8;
  if (l.bullet) return l.words >= 4 && l.stopDensity >= 0.1 ? l.words * 0.6 : -1;
  if (l.words >= 6 && l.stopDensity >= 0.15 && l.sentenceEnd) return l.words * 0.5;
  // Sentences without function words: results, figures, credits ("Palm Bay (1-0): Davis 17 points.")
  if (l.words >= 6 && l.sentenceEnd) return l.words * 0.3;
  if (isHeadingLike(l)) return -1.5;
  return -3;
}

/** A title that reads like page navigation: a breadcrumb, a share bar, a menu word, one or two words. */
export function looksLikeNavigation(title: string): boolean {
  const words = title.split(/\s+/).filter(Boolean).length;
  return words <= 2 || isNavigationLine(title) || isShareBar(title) || isChrome(title) || isEndMarker(title);
}

/** Short sentences after the best run that may still close the article. */
const CLOSING_LINES = 2;

/** A short sentence of running text: capitalised, ends like a sentence, has a function word. */
function isClosingSentence(l: Line): boolean {
  return (
    l.kind === "text" &&
    !l.bullet &&
    l.sentenceEnd &&
    l.words >= 3 &&
    l.words < 12 &&
    l.stopDensity > 0 &&
    /^[\p{Lu}"“‘']/u.test(l.text) &&
    !isMetadataLine(l)
  );
}

/** How lead-ins to other content begin. */
const OTHER_CONTENT_LEAD =
  /^(?:related|more|read|see|also|recommended|popular|trending|latest|other|top|most|further|you may|you might|sponsored)\b/i;

/** Items a list needs for its lines to count for the region wherever it stands. */
const INTRODUCED_LIST_MIN = 3;
/** What each line of such a list counts for the region. */
const LISTED_LINE_SCORE = 1.5;

/** Items a list introduced by a lead-in may have, at most. */
const INTRODUCED_LIST_LINES = 80;

/**
 * A lead-in ending with a colon right after the article ("The tour dates:",
 * "The plan for the week:") introduces data the article goes on with: its
 * lines (dates and venues, menu items, results) are short and would each
 * count against the region, but they are the article's. The list runs while
 * its lines look like items: short text with a figure, a separator, a list
 * marker or the function words of a phrase.
 */
function extendOverIntroducedList(lines: readonly Line[], to: number): number {
  const end = introducedListEnd(lines, to + 1);
  return end > to + 1 ? end : to;
}

/** The last line of the list the lead-in at `at` introduces, or `at` when it introduces none. */
function introducedListEnd(lines: readonly Line[], at: number): number {
  const intro = lines[at];
  if (intro?.kind !== "text" || !intro.text.endsWith(":") || intro.words > 25 || intro.words < 2) return at;
  // "Related coverage from …:", "More on this:" introduce other content
  if (OTHER_CONTENT_LEAD.test(intro.text)) return at;
  let end = at;
  for (let i = at + 1; i < lines.length && i <= at + INTRODUCED_LIST_LINES; i++) {
    const l = lines[i] as Line;
    const item =
      l.kind === "text" &&
      l.words <= 30 &&
      !isDateLine(l) &&
      (l.bullet ||
        /\d/.test(l.text) ||
        /\s[-–—@|]{1,2}\s/.test(l.text) ||
        l.stopDensity >= 0.15 ||
        // a table's header row ("Pos. Team Points Won")
        (i === at + 1 && l.words <= 8 && !l.sentenceEnd));
    if (!item) break;
    end = i;
  }
  return end;
}

/**
 * Lines of lists introduced by a lead-in anywhere on the page (with at least
 * INTRODUCED_LIST_MIN items): data the article gives (a standings table, a
 * schedule), scored for the region rather than against it.
 */
function markIntroducedLists(lines: readonly Line[]): Set<number> {
  const listed = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const end = introducedListEnd(lines, i);
    if (end - i < INTRODUCED_LIST_MIN) continue;
    for (let j = i; j <= end; j++) listed.add(j);
    i = end;
  }
  return listed;
}

/** Lines on either side of a tag line whose words help split its glued tags. */
const VOCABULARY_LINES = 2000;

/** How far into the article region a byline or date may stand and still belong to the header. */
const HEADER_LINES = 6;

/** Share of the best candidate's score an earlier candidate needs to be chosen instead. */
const FIRST_CANDIDATE_SHARE = 0.4;

/**
 * The article's run of lines. Candidates are the best-scoring runs between
 * resets (Kadane: a run ends where its score would drop to zero or at an end
 * marker). Articles come before what pages append to them (related stories,
 * comments, deals), so the first candidate that scores at least half as
 * much as the best one wins.
 */
function articleRegion(lines: readonly Line[], listed: ReadonlySet<number>): [number, number] | null {
  const candidates: { from: number; to: number; score: number }[] = [];
  let sum = 0;
  let start = 0;
  let best: { from: number; to: number; score: number } | null = null;
  const close = () => {
    if (best) candidates.push(best);
    best = null;
  };
  let run = 0;
  for (let i = 0; i < lines.length; i++) {
    let s = listed.has(i) && lines[i]?.kind === "text" ? LISTED_LINE_SCORE : lineScore(lines[i] as Line);
    // A heading between paragraphs costs little; a long stretch of furniture
    // costs more with every line, so it separates the article from what follows.
    if (s === 0) continue;
    run = s < 0 ? run + 1 : 0;
    if (s < 0) s *= Math.min(run, 8);
    if (sum + s <= 0) {
      close();
      sum = 0;
      start = i + 1;
      continue;
    }
    sum += s;
    if (!best || sum > best.score) best = { from: start, to: i, score: sum };
  }
  close();
  if (candidates.length === 0) return null;
  // An inline box (a few teaser headlines, a caption, a button) splits an article in two:
  // parts this close together, with no end marker between them, are one article.
  const merged: typeof candidates = [];
  for (const c of candidates) {
    const prev = merged.at(-1);
    const gap = prev ? c.from - prev.to - 1 : Number.POSITIVE_INFINITY;
    // across an inline "Related" box only when the text after it is at least as long as before
    const across = prev !== undefined && gap <= RELATED_BOX_GAP_LINES && c.score >= prev.score * RELATED_BOX_SHARE;
    if (prev && gap <= MERGE_GAP_LINES && (across || !hasEndMarker(lines, prev.to + 1, c.from))) {
      prev.to = c.to;
      prev.score += c.score;
    } else merged.push({ ...c });
  }
  candidates.splice(0, candidates.length, ...merged);
  const top = Math.max(...candidates.map((c) => c.score));
  const qualifying = candidates.filter((c) => c.score >= top * FIRST_CANDIDATE_SHARE);
  // An article opens under its header: a run right after a byline or a date line is the article
  // even when a sidebar above it scores enough to be a candidate too.
  const chosen = (qualifying.find((c) => opensUnderHeader(lines, c.from)) ??
    qualifying[0]) as (typeof candidates)[number];
  return [chosen.from, chosen.to];
}

/** A byline or a date line: the article's header, never its text. */
function isMetadataLine(l: Line): boolean {
  return isDateLine(l) || parseByline(l) !== null;
}

/** Lines above the headline in which the article's date may stand. */
const DATE_ABOVE_TITLE_LINES = 2;

/** Lines above a run in which its header (a byline or a date line) may stand. */
const HEADER_ABOVE_LINES = 3;

function opensUnderHeader(lines: readonly Line[], from: number): boolean {
  for (let i = from - 1; i >= 0 && i >= from - HEADER_ABOVE_LINES; i--) {
    const l = lines[i] as Line;
    if (isMetadataLine(l)) return true;
  }
  return false;
}

/** Lines an inline "Related" box may take between two runs of one article. */
const RELATED_BOX_GAP_LINES = 6;
/** Share of the text before the box that the text after it needs. */
const RELATED_BOX_SHARE = 1;

/** Lines between two runs of prose that still make them one article. */
const MERGE_GAP_LINES = 6;

function hasEndMarker(lines: readonly Line[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (lines[i]?.kind === "end") return true;
  return false;
}

/** A bare lead-in to other stories: "More:", "Related:", "See also", "Read more:". */
const TEASER_LEAD =
  /^(?:more|related|read more|see also|also read|read also|recommended|related (?:stories|articles|content|coverage)|more (?:stories|news))\s*:?$/i;
/** Teaser headlines such a lead-in introduces, at most. */
const TEASER_RUN_LINES = 8;

/**
 * The headlines under a bare lead-in to other stories inside the page are
 * teasers: links to those stories, not the article's subheadings.
 */
function markTeaserRuns(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (!TEASER_LEAD.test(lines[i]?.text ?? "")) continue;
    for (let j = i + 1; j < lines.length && j <= i + TEASER_RUN_LINES; j++) {
      const l = lines[j] as Line;
      if (l.kind !== "text" || isProse(l) || l.words < 3 || !(isHeadingLike(l) || isHeadlineLike(l))) break;
      l.kind = "teaser";
    }
  }
}

/** Lines of a table of contents: the short lines after its marker, or a list of later headings. */
function markTableOfContents(lines: Line[]): Set<number> {
  const toc = new Set<number>();
  const laterHeadings = new Map<string, number>();
  for (const l of lines) if (isHeadingLike(l) && !l.bullet) laterHeadings.set(l.key, l.index);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.kind !== "toc-marker") continue;
    toc.add(i);
    let j = i + 1;
    if (lines[j] && /^(?:toggle|show|hide|\[?(?:show|hide)\]?)$/i.test(lines[j]?.text ?? "")) toc.add(j++);
    for (; j < lines.length; j++) {
      const l = lines[j];
      if (!l || l.words > 20 || l.sentenceEnd) break;
      const at = laterHeadings.get(l.key);
      // A TOC entry repeats a heading further down; the first heading itself ends the TOC.
      if (at === undefined || at === j) break;
      toc.add(j);
    }
  }
  return toc;
}

/** The comparison keys of a dump's lines, for counting lines that recur across a corpus. */
export function lineKeys(raw: string): Set<string> {
  const keys = new Set<string>();
  for (const line of normalizeText(raw).split("\n")) {
    if (line.length > 300) continue;
    const k = sameKey(line);
    if (k) keys.add(k);
  }
  return keys;
}

export interface CleanOptions {
  /**
   * Keys (sameKey) of lines found in several other pages of the corpus: site
   * furniture ("EUROP INFO", a footer, a newsletter box), whatever it says.
   */
  commonLines?: ReadonlySet<string>;
}

/** Short lines a page repeats (a menu in the header and the footer) and lines the corpus shares are furniture. */
function markRepeated(lines: Line[], common: ReadonlySet<string> | undefined): void {
  const seen = new Map<string, number>();
  let previous = "";
  for (const l of lines) {
    const k = l.key;
    // a heading doubled in place is not a repeated menu; a sentence doubled in place is a caption
    if (k !== previous || l.sentenceEnd) seen.set(k, (seen.get(k) ?? 0) + 1);
    previous = k;
  }
  for (const [i, l] of lines.entries()) {
    if (l.kind !== "text") continue;
    const k = l.key;
    const next = lines[i + 1];
    // a label such as "Summary" before each section's prose is the article's own
    const labelsProse = l.words <= 4 && next !== undefined && isProse(next);
    if (k && common?.has(k)) l.kind = "chrome";
    else if (
      (seen.get(k) ?? 0) >= 2 &&
      ((l.words <= 4 && !l.sentenceEnd && !labelsProse) || (l.words >= 5 && /[.!?)]$/.test(l.text)))
    ) {
      // a menu printed twice, or a caption or teaser repeated: an article does not repeat its sentences
      l.kind = "chrome";
    }
  }
}

/** A line longer than this with no other line break in the dump is split at sentence ends. */
const UNBROKEN_LINE_CHARS = 2000;
const SENTENCES_PER_PARAGRAPH = 4;

/**
 * A dump copied without line breaks is one enormous line: cut it into
 * paragraphs of a few sentences so the cleaner can weigh its parts.
 */
function breakUnbrokenText(text: string, warnings: string[]): string {
  const trimmed = text.trim();
  if (trimmed.includes("\n") || trimmed.length <= UNBROKEN_LINE_CHARS) return text;
  warnings.push("has no line breaks; it was split into paragraphs at sentence ends");
  const sentences = trimmed.split(/(?<=[.!?。！？])\s+(?=[\p{Lu}\p{Lo}"“‘'(])/u);
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_PARAGRAPH) {
    paragraphs.push(sentences.slice(i, i + SENTENCES_PER_PARAGRAPH).join(" "));
  }
  return paragraphs.join("\n\n");
}

export function cleanPage(raw: string, options: CleanOptions = {}): CleanedPage {
  const warnings: string[] = [];
  const lines = toLines(breakUnbrokenText(normalizeText(raw), warnings));
  markRepeated(lines, options.commonLines);
  markTeaserRuns(lines);
  const toc = markTableOfContents(lines);
  for (const i of toc) {
    const l = lines[i];
    if (l) l.kind = "toc-marker";
  }
  const region = articleRegion(lines, markIntroducedLists(lines));
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
    warnings,
  };
  if (!region) return empty;
  let [from, to] = region;
  // A short closing sentence right after the best run ("Talks resume on Monday.") is the article's
  // last paragraph: the run stops before it only because it is short.
  for (let k = 0; k < CLOSING_LINES; k++) {
    const next = lines[to + 1];
    if (!next || !isClosingSentence(next)) break;
    to++;
  }
  to = extendOverIntroducedList(lines, to);
  // A byline or date among the region's first lines closes the page header:
  // what stands above it is the headline and the dek (at most one paragraph),
  // not the body; a date after two paragraphs belongs to the text (a quoted tweet).
  let proseAbove = 0;
  for (let i = from; i <= Math.min(to - 1, from + HEADER_LINES) && proseAbove <= 1; i++) {
    const l = lines[i] as Line;
    if (isMetadataLine(l)) {
      from = i + 1;
      proseAbove = 0;
    } else if (isProse(l)) proseAbove++;
  }

  // A heading or two directly above the first paragraph belongs to the article.
  for (
    let k = 0;
    k < 2 && from > 0 && isHeadingLike(lines[from - 1] as Line) && !isDateLine(lines[from - 1] as Line);
    k++
  )
    from--;

  // Metadata lives above the article: headline, byline, date, section, dek.
  let titleAt = -1;
  let bestScore = 0;
  for (let i = 0; i < from; i++) {
    const l = lines[i] as Line;
    if (l.kind !== "text" || isMetadataLine(l)) continue;
    const follow = lines.slice(i + 1, i + 4);
    const s = headlineScore(l) + (follow.some(isMetadataLine) ? 2 : 0);
    if (s > bestScore || (s === bestScore && s > 0 && titleAt < 0)) {
      bestScore = s;
      titleAt = i;
    }
  }
  // "HomeSPORT NEWSBREAKING NEWS: Headline" glues the breadcrumb to the headline; the clean
  // headline on a line below it is the title
  for (let i = titleAt + 1; titleAt >= 0 && i < Math.min(from, titleAt + 3); i++) {
    const l = lines[i] as Line;
    const glued = lines[titleAt] as Line;
    if (l.kind === "text" && isHeadlineLike(l) && l.key.length < glued.key.length && glued.key.endsWith(l.key)) {
      titleAt = i;
      break;
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
  // some pages print the date just above the headline
  for (let i = titleAt - 1; published === null && titleAt > 0 && i >= titleAt - DATE_ABOVE_TITLE_LINES && i >= 0; i--) {
    const l = lines[i] as Line;
    if (isDateLine(l)) published = parseDate(l.text);
  }
  let site: string | null = null;
  for (const l of lines) if (l.text.length <= 200) site ??= parseSite(l);

  // No headline above the article, but it opens with one (perhaps under a section label): that is the headline.
  for (let i = from; titleAt < 0 && i < to; i++) {
    const l = lines[i] as Line;
    if (isProse(l)) break;
    if (headlineScore(l) > 0) titleAt = i;
  }
  // a section label above that headline is the page's header, not the body
  if (titleAt > from) from = titleAt;
  const titleLine = titleAt >= 0 ? lines[titleAt] : undefined;
  const titleKey = titleLine?.key ?? "";
  const body: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line;
    let verdict: string;
    if (i === titleAt) verdict = "title";
    else if (i < from || i > to) verdict = i < from ? "before article" : "after article";
    else if (l.kind !== "text") verdict = l.kind;
    else if (isMetadataLine(l)) verdict = "metadata";
    else if (titleKey && l.key === titleKey) verdict = "repeats title";
    else {
      verdict = "kept";
      body.push(l);
    }
    trace.push({ line: i, text: l.text, verdict });
  }
  const blocks = buildBlocks(body);
  const tagLine = lines.find((l) => /^tags?\s*:/i.test(l.text));
  // the words that split glued tags: the page around the tag line (bounded for huge dumps)
  const vocabulary = tagLine
    ? pageVocabulary(
        lines
          .slice(Math.max(0, tagLine.index - VOCABULARY_LINES), tagLine.index + VOCABULARY_LINES)
          .filter((l) => l !== tagLine)
          .map((l) => l.text),
      )
    : null;
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
    tags: tagLine && vocabulary ? parseTags(tagLine.text, vocabulary) : [],
    blocks,
    trace,
    warnings,
  };
}
