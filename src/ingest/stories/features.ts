/**
 * What the story grouper compares, computed once per cleaned article, as
 * numbers only (32-bit hashes in sorted typed arrays), so a million articles
 * fit in a few hundred megabytes once packed (./pack.ts):
 * - lead: 16-bit fingerprints of the word 5-grams of the body's first
 *   LEAD_WORDS words. A copy, an excerpt or an edit keeps the original's lead;
 *   furniture and sidebars further down a page are not in it.
 * - bands: MinHash LSH band keys of the lead's 5-grams (one-permutation
 *   hashing, densified), the index that finds copies, excerpts and edits.
 * - terms: content words of the title and the lead's first TERM_WORDS words,
 *   what a rewrite of the same event by another outlet tells first.
 * - names: capitalised words (not a sentence's first word alone, not in a
 *   title-case heading), at most MAX_NAMES, in order of first appearance.
 * - numbers: figures (two digits or more, years left out), at most MAX_NUMBERS.
 * - quotes: word 6-grams inside quotation marks, the MAX_QUOTES smallest
 *   hashes (a consistent sample: two articles keep the same 6-grams).
 * - day: the day the text gives, or null.
 * Text is cut into words; Han, Hiragana and Katakana characters are words on
 * their own (those scripts put no spaces between words), and a Han or
 * Katakana character is a content word (terms, salient words). Linear in the
 * article's length.
 */
import { fnv1a } from "../../schema/hash.js";
import { STOP_WORDS } from "../clean/vocabulary.js";

export interface StoryInput {
  key: string;
  title: string;
  /** The cleaned body, one block per line. */
  text: string;
  /** ISO instant the text gives, or null. */
  published: string | null;
}

export interface StoryFeatures {
  key: string;
  /** Sorted, distinct 16-bit fingerprints of half the lead's word 5-grams (the same half in every article). */
  lead: Uint16Array;
  /** LSH band keys of the lead's MinHash sketch (BANDS of them, or none for an empty lead). */
  bands: Uint32Array;
  /** Sorted, distinct hashes of the title's and the lead's content words. */
  terms: Uint32Array;
  /** Sorted, distinct hashes of the title's content words (a subset of terms). */
  titleTerms: Uint32Array;
  /** The whole text's SALIENT_TERMS most frequent content words that are not names (sorted hashes), and how often each occurs. */
  salient: Uint32Array;
  salientCounts: Uint8Array;
  /** Sorted, distinct hashes of the names. */
  names: Uint32Array;
  /** Sorted, distinct hashes of the figures. */
  numbers: Uint32Array;
  /** Sorted, distinct hashes of the quotations' word 6-grams (a sample). */
  quotes: Uint32Array;
  /** The published day (days since 1970), or null. */
  day: number | null;
  /** Hash → text of the names and figures, for the evidence the CLI prints (optional). */
  labels?: Map<number, string>;
}

export const SHINGLE_WORDS = 5;
export const LEAD_WORDS = 150;
export const TERM_WORDS = 60;
/** A title whose content words the text tells less than this share of may not be the article's (a site's name, another article's headline): the first line's words join it. */
export const TITLE_TOLD = 0.25;
/** Words of the first line that join an untold title. */
export const STAND_IN_WORDS = 24;
/** MinHash sketch: BANDS × ROWS bins of one-permutation hashing. */
export const BANDS = 24;
export const ROWS = 1;
const BINS = BANDS * ROWS;
const QUOTE_WORDS = 6;
export const MAX_NAMES = 48;
export const SALIENT_TERMS = 32;
export const MAX_NUMBERS = 24;
export const MAX_QUOTES = 12;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu;

export function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

function wordsOf(text: string): string[] {
  return (text.replace(CJK, " $& ").match(WORD) ?? []) as string[];
}

/** Hashes of the n-grams of a list of word hashes. */
function gramHashes(words: ArrayLike<number>, n: number, into: (h: number) => void): void {
  for (let i = 0; i + n <= words.length; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < n; k++) h = Math.imul(h ^ (words[i + k] as number), 0x01000193);
    into(mix(h));
  }
}

function sortedDistinct(values: Iterable<number>): Uint32Array {
  const a = Uint32Array.from(new Set(values)).sort();
  return a;
}

const possessive = (w: string) => (w.endsWith("s") && /['’]s$/u.test(w) ? w.slice(0, -2) : w);

function numbersOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d[\d,.]*\d(?:\s?(?:%|percent|million|billion|km|kg))?|\d{2,}/gu)) {
    const n = m[0].replace(/,/g, "").toLowerCase();
    // years are dates, shared by everything written that year
    if (/^(?:19|20)\d\d$/.test(n)) continue;
    out.add(n);
  }
  return [...out];
}

function quotesOf(text: string): Uint32Array {
  const out = new Set<number>();
  for (const m of text.matchAll(/["“«„]([^"”»“]{20,})["”»“]/gu)) {
    const words = wordsOf(m[1]?.toLowerCase() ?? "").map(fnv1a);
    gramHashes(words, QUOTE_WORDS, (h) => out.add(h));
  }
  const all = Uint32Array.from(out).sort();
  return all.length > MAX_QUOTES ? all.slice(0, MAX_QUOTES) : all;
}

/** One-permutation MinHash of the shingles, densified (an empty bin takes the next full one's), cut into bands. */
function bandsOf(shingles: readonly number[]): Uint32Array {
  if (shingles.length === 0) return new Uint32Array(0);
  const bins = new Uint32Array(BINS).fill(0xffffffff);
  const full = new Uint8Array(BINS);
  for (const s of shingles) {
    const m = mix(s ^ 0x5bd1e995);
    const bin = m % BINS;
    full[bin] = 1;
    if (m < (bins[bin] as number)) bins[bin] = m;
  }
  const dense = new Uint32Array(BINS);
  for (let b = 0; b < BINS; b++) {
    let k = 0;
    while (!full[(b + k) % BINS]) k++;
    dense[b] = k === 0 ? (bins[b] as number) : mix((bins[(b + k) % BINS] as number) + k * 0x9e3779b1);
  }
  const bands = new Uint32Array(BANDS);
  for (let b = 0; b < BANDS; b++) {
    let h = Math.imul(b + 1, 0x01000193);
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ (dense[b * ROWS + r] as number), 0x01000193);
    bands[b] = mix(h);
  }
  return bands;
}

/** The features, with the names' and figures' text kept for the links' evidence (tests, the CLI). */
export function storyFeatures(input: StoryInput): StoryFeatures {
  return featuresOf(input, true);
}

/** The features without their text: what the deploy packs (links then give hashes as evidence). */
export function compactStoryFeatures(input: StoryInput): StoryFeatures {
  return featuresOf(input, false);
}

const CJK_TEST = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SENTENCE_END = /[.!?…:]\s/u;

/**
 * A Han or Katakana character, a word of its own (see wordsOf) that carries
 * meaning (Hiragana are mostly endings and particles): a content word,
 * however short, or Japanese and Chinese text would have none.
 */
function ideograph(w: string): boolean {
  if (w.length !== 1) return false;
  const c = w.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x30a0 && c <= 0x30ff);
}

function capitalised(w: string): boolean {
  const c = w.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w);
}

/** One pass over the title and the lines: words, their hashes, content words, names. */
class Scan {
  /** Hashes of the body's words (lower case), in order. */
  readonly body: number[] = [];
  readonly titleTerms: number[] = [];
  /** Content words of the body's first TERM_WORDS words. */
  readonly leadTerms = new Set<number>();
  /** Content words of the body's first line's first STAND_IN_WORDS words (null until a body line is read). */
  firstLine: number[] | null = null;
  readonly tf = new Map<number, number>();
  readonly names: string[] = [];
  /** Content-word hashes of the names (left out of the salient words: the names are weighed on their own). */
  readonly nameTerms = new Set<number>();
  private readonly seen = new Set<string>();

  line(text: string, isTitle: boolean): void {
    const prepared = CJK_TEST.test(text) ? text.replace(CJK, " $& ") : text;
    const words: string[] = [];
    const starts: boolean[] = [];
    let end = 0;
    for (const m of prepared.matchAll(WORD)) {
      starts.push(words.length === 0 || SENTENCE_END.test(prepared.slice(end, m.index)));
      words.push(m[0]);
      end = (m.index as number) + m[0].length;
    }
    const lowers: string[] = [];
    const stops: boolean[] = [];
    const caps: boolean[] = [];
    let content = 0;
    let capsCount = 0;
    let first: number[] | null = null;
    if (!isTitle && this.firstLine === null && words.length > 0) {
      first = [];
      this.firstLine = first;
    }
    for (const w of words) {
      const lower = w.toLowerCase();
      const stop = STOP_WORDS.has(lower);
      const cap = capitalised(w);
      lowers.push(lower);
      stops.push(stop);
      caps.push(cap);
      if (!stop) {
        content++;
        if (cap) capsCount++;
      }
    }
    // a title-case heading: its capitals say nothing about names
    const heading = words.length >= 3 && content >= 2 && capsCount >= content * 0.7;
    for (let k = 0; k < words.length; k++) {
      const lower = lowers[k] as string;
      const h = fnv1a(lower);
      const position = this.body.length;
      if (!isTitle) this.body.push(h);
      const stop = stops[k] as boolean;
      if (lower.length >= 3 ? !stop && !(lower.charCodeAt(0) >= 48 && lower.charCodeAt(0) <= 57) : ideograph(lower)) {
        const bare = possessive(lower);
        const c = bare === lower ? h : fnv1a(bare);
        this.tf.set(c, (this.tf.get(c) ?? 0) + 1);
        if (isTitle) this.titleTerms.push(c);
        else if (position < TERM_WORDS) this.leadTerms.add(c);
        if (first && k < STAND_IN_WORDS) first.push(c);
      }
      if (heading || stop || !caps[k]) continue;
      if (starts[k] && !(k + 1 < words.length && !starts[k + 1] && caps[k + 1])) continue;
      const name = possessive(lower);
      this.nameTerms.add(name === lower ? h : fnv1a(name));
      if (name.length < 2 || this.seen.has(name) || this.names.length >= MAX_NAMES) continue;
      this.seen.add(name);
      this.names.push(name);
    }
  }
}

/** The whole text's SALIENT_TERMS most frequent content words that are not names (ties: the earlier first). */
function salientOf(scan: Scan): { salient: Uint32Array; salientCounts: Uint8Array } {
  const keys: number[] = [];
  const counts: number[] = [];
  for (const [h, c] of scan.tf)
    if (!scan.nameTerms.has(h)) {
      keys.push(h);
      counts.push(c);
    }
  let order = keys.map((_, i) => i);
  if (order.length > SALIENT_TERMS) {
    // the SALIENT_TERMS-th largest count; ties at it go to the earlier words
    const cut = Int32Array.from(counts).sort()[counts.length - SALIENT_TERMS] as number;
    let above = 0;
    for (const c of counts) if (c > cut) above++;
    let ties = SALIENT_TERMS - above;
    order = order.filter((i) => (counts[i] as number) > cut || ((counts[i] as number) === cut && ties-- > 0));
  }
  order.sort((x, y) => (keys[x] as number) - (keys[y] as number));
  return {
    salient: Uint32Array.from(order, (i) => keys[i] as number),
    salientCounts: Uint8Array.from(order, (i) => Math.min(counts[i] as number, 255)),
  };
}

/**
 * The title's content words, and, when the text tells less than TITLE_TOLD
 * of them, the first line's first STAND_IN_WORDS too: either the title is
 * not the article's (a site's name, another article's headline) or the text
 * is not (the cleaner kept the article in the title), and the first line
 * tells which one is.
 */
function titleOf(scan: Scan): number[] {
  const counts = new Map<number, number>();
  for (const c of scan.titleTerms) counts.set(c, (counts.get(c) ?? 0) + 1);
  let told = 0;
  for (const [c, n] of counts) if ((scan.tf.get(c) ?? 0) > n) told++;
  if (counts.size > 0 && told >= counts.size * TITLE_TOLD) return scan.titleTerms;
  return scan.firstLine ? [...scan.titleTerms, ...scan.firstLine] : scan.titleTerms;
}

function featuresOf(input: StoryInput, withLabels: boolean): StoryFeatures {
  const scan = new Scan();
  scan.line(input.title, true);
  for (const line of input.text.split("\n")) scan.line(line, false);
  const title = titleOf(scan);
  const leadHashes: number[] = [];
  gramHashes(scan.body.slice(0, LEAD_WORDS), SHINGLE_WORDS, (h) => leadHashes.push(h));
  // half the lead's 5-grams (those whose hash is even: the same half in every article), as 16-bit fingerprints
  const lead = Uint16Array.from(new Set(leadHashes.filter((h) => (h & 1) === 0).map((h) => h >>> 16))).sort();
  const { salient, salientCounts } = salientOf(scan);
  const full = `${input.title}\n${input.text}`;
  const numberList = numbersOf(full).slice(0, MAX_NUMBERS);
  const labels = withLabels ? new Map<number, string>() : undefined;
  const hashed = (list: string[], salt: string) =>
    sortedDistinct(
      list.map((x) => {
        const h = fnv1a(salt + x);
        labels?.set(h, x);
        return h;
      }),
    );
  const t = input.published ? Date.parse(input.published) : Number.NaN;
  return {
    key: input.key,
    lead,
    bands: bandsOf(leadHashes),
    terms: sortedDistinct([...scan.leadTerms, ...title]),
    titleTerms: sortedDistinct(title),
    salient,
    salientCounts,
    names: hashed(scan.names, "n:"),
    numbers: hashed(numberList, "#:"),
    quotes: quotesOf(full),
    day: Number.isNaN(t) ? null : Math.floor(t / 86_400_000),
    ...(labels ? { labels } : {}),
  };
}

/** Shared elements of two sorted arrays (or sorted slices of pools). */
export function sharedCount(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  a0 = 0,
  a1 = a.length,
  b0 = 0,
  b1 = b.length,
): number {
  let i = a0;
  let j = b0;
  let n = 0;
  while (i < a1 && j < b1) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}
