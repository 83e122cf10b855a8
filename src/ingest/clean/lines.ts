/**
 * The cleaner's view of a page dump: one record per non-empty line with the
 * block-level features that tell article prose from page furniture (length,
 * stop-word density, sentence punctuation, capitalisation, list markers), as
 * jusText and boilerpipe use them.
 */
import { fixGluedSentences } from "../normalize.js";
import {
  isChatbotLine,
  isChatbotRemark,
  isChrome,
  isEndMarker,
  isMediaLine,
  isNavigationLine,
  isReaderPrompt,
  isShareBar,
  isTeaser,
  isTocMarker,
  STOP_WORDS,
} from "./vocabulary.js";

export type LineKind = "text" | "chrome" | "end" | "toc-marker" | "chatbot" | "teaser";

export interface Line {
  /** Position among the dump's non-empty lines. */
  index: number;
  /** The line, trimmed, inner whitespace collapsed, list marker removed. */
  text: string;
  /** sameKey(text): the line for comparisons ("the same line" elsewhere). */
  key: string;
  /** Tab-separated cells when the copy kept a table's tabs. */
  tabCells: string[] | null;
  bullet: boolean;
  ordered: boolean;
  /** The list marker as written, with its space ("1. "), or "". */
  marker: string;
  /** An empty line stood before this one. */
  blankBefore: boolean;
  words: number;
  /** Share of words that are English function words. */
  stopDensity: number;
  /** Ends like a sentence: . ! ? or a closing quote after one. */
  sentenceEnd: boolean;
  /** Share of words (of 3+ letters, not function words) that start with a capital. */
  capRatio: number;
  kind: LineKind;
}

const BULLET = /^(?:[•●▪◦‣∙·*▸►✓✔–—-]|\d{1,2}[.)]|[a-z][.)])\s+(?=\S)/u;
/** Lines up to this length are compared by sameKey(); longer ones (paragraphs) only when identical. */
const KEYED_CHARS = 150;
/** Lines longer than this are prose whatever they say; vocabulary checks skip them. */
const MAX_FURNITURE_CHARS = 400;

/** Han, kana, Hangul and Thai: scripts whose words are not separated by spaces. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/gu;
/** Punctuation of running text in those scripts. */
const UNSPACED_PROSE = /[、。，！？：；]/u;

/** Lines longer than this in words are prose or not by their stop words alone; their capitals are not counted. */
const CAPS_WORDS = 40;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Whether the UTF-16 code unit at i starts or continues a word (letters, digits; ' ’ . - inside a word). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text.charAt(i)) || (c >= 0xd800 && c <= 0xdbff);
}

/** Words, function words and capitalised words of a line, in one pass without regular expressions per word. */
function features(raw: string) {
  let words = 0;
  let stops = 0;
  let capsOf = 0;
  let caps = 0;
  const n = raw.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(raw, i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    // a word goes on through letters, digits and inner ' ’ . -
    while (i < n) {
      if (isWordChar(raw, i)) i++;
      else {
        const c = raw.charCodeAt(i);
        if ((c === 39 || c === 0x2019 || c === 46 || c === 45) && i + 1 < n && isWordChar(raw, i + 1)) i += 2;
        else break;
      }
    }
    words++;
    const w = raw.slice(start, i);
    if (STOP_WORDS.has(w) || STOP_WORDS.has(w.toLowerCase())) stops++;
    else if (i - start >= 3 && words <= CAPS_WORDS) {
      const first = raw.charAt(start);
      const upper = first.toUpperCase();
      if (first.toLowerCase() !== upper) {
        capsOf++;
        if (first === upper) caps++;
      }
    }
  }
  const countCaps = words <= CAPS_WORDS;
  // In unspaced scripts a "word" above is a whole clause: count two characters as a word,
  // and let clause punctuation stand in for function words.
  const unspaced = words * 4 < raw.length ? (raw.match(UNSPACED)?.length ?? 0) : 0;
  if (unspaced > raw.length / 3) {
    const n = Math.round(unspaced / 2);
    return { words: n, stopDensity: UNSPACED_PROSE.test(raw) ? 0.3 : 0, capRatio: 0 };
  }
  return {
    words,
    stopDensity: words ? stops / words : 0,
    capRatio: countCaps && capsOf ? caps / capsOf : 0,
  };
}

function classify(text: string): LineKind {
  if (text.length > MAX_FURNITURE_CHARS) return isChrome(text) ? "chrome" : "text";
  if (isEndMarker(text)) return "end";
  if (isTocMarker(text)) return "toc-marker";
  if (isChatbotLine(text) || isChatbotRemark(text)) return "chatbot";
  if (isChrome(text) || isMediaLine(text) || isNavigationLine(text) || isShareBar(text) || isReaderPrompt(text))
    return "chrome";
  if (isTeaser(text)) return "teaser";
  return "text";
}

/** Splits a normalised dump into line records. Linear in the text's length. */
export function toLines(text: string): Line[] {
  const out: Line[] = [];
  let blank = false;
  for (const rawLine of text.split("\n")) {
    const tabbed = rawLine.includes("\t")
      ? rawLine
          .split("\t")
          .map((c) => c.trim())
          .filter(Boolean)
      : null;
    let t = rawLine.replace(/[ \t]+/g, " ").trim();
    if (t === "") {
      blank = true;
      continue;
    }
    const m = BULLET.exec(t);
    const bullet = m !== null && t.length > m[0].length;
    if (bullet && m) t = t.slice(m[0].length);
    t = fixGluedSentences(t);
    const f = features(t);
    out.push({
      index: out.length,
      text: t,
      key: t.length <= KEYED_CHARS ? sameKey(t) : t,
      tabCells: tabbed && tabbed.length >= 2 ? tabbed : null,
      bullet,
      ordered: bullet && m !== null && /^\d/.test(m[0]),
      marker: bullet && m ? m[0] : "",
      blankBefore: blank || out.length === 0,
      words: f.words,
      stopDensity: f.stopDensity,
      sentenceEnd: /[.!?…。！？](?:["'”’)\]」』]*)$/u.test(t),
      capRatio: f.capRatio,
      kind: classify(t),
    });
    blank = false;
  }
  return out;
}

/** Prose: long enough, with the function words that running text has. */
export function isProse(l: Line): boolean {
  return l.words >= 12 && l.stopDensity >= 0.2 && (l.sentenceEnd || l.words >= 30);
}

/** A line that could be a heading: short, no sentence punctuation, starts with a capital or digit. */
export function isHeadingLike(l: Line): boolean {
  return (
    l.kind === "text" &&
    !l.bullet &&
    l.words >= 1 &&
    l.words <= 20 &&
    !/[.,;]$/.test(l.text) &&
    // "…a multifaceted approach that involves:" leads into a list; "Key points:" is a heading
    !(l.text.endsWith(":") && l.words > 5) &&
    /^[\p{Lu}\p{N}"“‘']/u.test(l.text)
  );
}

/** A line that could be the page's headline: a heading-like line of 4 to 30 words, "!" and "?" allowed. */
export function isHeadlineLike(l: Line): boolean {
  return (
    l.kind === "text" &&
    !l.bullet &&
    l.words >= 4 &&
    l.words <= 30 &&
    !/[.,;:]$/.test(l.text) &&
    /^[\p{Lu}\p{N}"“‘']/u.test(l.text)
  );
}

/** Comparison key for "the same line": case, punctuation and spacing ignored. */
export function sameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
