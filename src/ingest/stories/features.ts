/**
 * What the story grouper compares, computed once per cleaned article: the
 * set of its word 5-gram shingles (hashed), a one-permutation MinHash sketch
 * of them cut into LSH bands (candidates for copies, excerpts and edits), and
 * the names, numbers and quotations it mentions (candidates and evidence for
 * rewrites of one event). Linear in the article's length.
 */
import { fnv1a } from "../../schema/hash.js";
import { STOP_WORDS } from "../clean/vocabulary.js";

export interface StoryInput {
  key: string;
  title: string;
  /** The cleaned body, one block per line. */
  text: string;
  /** ISO instant the page gives, or null. */
  published: string | null;
}

export interface StoryFeatures {
  key: string;
  /** Sorted, distinct hashes of the article's word 5-grams (title and body). */
  shingles: Uint32Array;
  /**
   * Sorted shingles of the body's first LEAD_WORDS words: what a copy, an
   * excerpt or an edit keeps, and what a site's boilerplate (at the end) is not.
   */
  lead: Uint32Array;
  /** LSH band keys of the MinHash sketch ("band:hash"). */
  bands: string[];
  /** Names (runs of capitalised words), lower case. */
  names: Set<string>;
  /** Figures: numbers of two digits or more, with a decimal part or unit if written. */
  numbers: Set<string>;
  /** Hashes of word 6-grams inside quotation marks. */
  quotes: Set<number>;
  /** The published day in ms, or null. */
  day: number | null;
}

export const SHINGLE_WORDS = 5;
/** MinHash sketch: BANDS × ROWS bins of one-permutation hashing. */
export const BANDS = 12;
export const ROWS = 3;
const BINS = BANDS * ROWS;
const QUOTE_WORDS = 6;
export const LEAD_WORDS = 150;

const WORD = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu;

function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

function grams(words: readonly string[], n: number, into: (h: number) => void): void {
  for (let i = 0; i + n <= words.length; i++) into(fnv1a(words.slice(i, i + n).join(" ")));
}

/** Capitalised runs that are not a sentence's first word alone: "Mark Rutte", "Pristina", "KFOR". */
function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?…])\s+|\n+/u)) {
    const words = sentence.match(WORD) ?? [];
    let run: string[] = [];
    const flush = () => {
      if (run.length)
        names.add(
          run
            .join(" ")
            .toLowerCase()
            .replace(/['’]s$/u, ""),
        );
      run = [];
    };
    for (const [i, w] of words.entries()) {
      const capital = /^\p{Lu}/u.test(w) && !STOP_WORDS.has(w.toLowerCase());
      if (capital && (i > 0 || words[1] === undefined || /^\p{Lu}/u.test(words[1] ?? ""))) run.push(w);
      else flush();
    }
    flush();
  }
  return names;
}

function numbersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d[\d,.]*\d(?:\s?(?:%|percent|million|billion|km|kg))?|\d{2,}/gu)) {
    const n = m[0].replace(/,/g, "").toLowerCase();
    // years are dates, shared by everything written that year
    if (/^(?:19|20)\d\d$/.test(n)) continue;
    out.add(n);
  }
  return out;
}

function quotesOf(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/["“]([^"”]{20,})["”]/gu)) {
    const words = (m[1]?.toLowerCase().match(WORD) ?? []) as string[];
    grams(words, QUOTE_WORDS, (h) => out.add(h));
  }
  return out;
}

export function storyFeatures(input: StoryInput): StoryFeatures {
  const full = `${input.title}\n${input.text}`;
  const words = (full.toLowerCase().match(WORD) ?? []) as string[];
  const set = new Set<number>();
  grams(words, SHINGLE_WORDS, (h) => set.add(h));
  const shingles = Uint32Array.from(set).sort();
  const bodyWords = (input.text.toLowerCase().match(WORD) ?? []).slice(0, LEAD_WORDS) as string[];
  const leadSet = new Set<number>();
  grams(bodyWords, SHINGLE_WORDS, (h) => leadSet.add(h));
  const lead = Uint32Array.from(leadSet).sort();
  // one-permutation hashing: each shingle's mixed hash falls in one bin; a bin keeps its minimum
  const bins = new Uint32Array(BINS).fill(0xffffffff);
  for (const h of shingles) {
    const m = mix(h);
    const bin = m % BINS;
    if (m < (bins[bin] as number)) bins[bin] = m;
  }
  const bands: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    const row = Array.from(bins.subarray(b * ROWS, (b + 1) * ROWS));
    // an empty bin says nothing: a band with one is not a key (short texts fill few bins)
    if (row.includes(0xffffffff)) continue;
    bands.push(`${b}:${fnv1a(row.join(","))}`);
  }
  const t = input.published ? Date.parse(input.published) : Number.NaN;
  return {
    key: input.key,
    shingles,
    lead,
    bands,
    names: namesOf(full),
    numbers: numbersOf(full),
    quotes: quotesOf(full),
    day: Number.isNaN(t) ? null : Math.floor(t / 86_400_000),
  };
}

/** Shared elements of two sorted arrays. */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
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
