/**
 * Text helpers shared by the build and the Worker: escaping for HTML and XML,
 * removal of characters XML 1.0 forbids, and the words behind `q`.
 * Runtime-agnostic: imports neither node:* nor cloudflare:*.
 */

/**
 * Characters outside XML 1.0's Char production: C0 controls but tab, LF and CR;
 * lone surrogates; U+FFFE and U+FFFF. (The `feed` package passes them through.)
 */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes every character an XML 1.0 document may not contain. */
export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Escapes text for XML element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return stripXmlForbidden(text).replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** What words() finds, as one regular expression (the scanner below finds the same; a test holds them equal). */
export const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{N}$/u;
const NONE = 1;
const NUMBER = 2;
const LETTER_CLASS = 3;
/** The class of each BMP code point, learnt as met: 0 not yet known, then NONE, NUMBER or LETTER_CLASS. */
const bmpClass = new Uint8Array(65_536);

function classOf(cp: number): number {
  if (cp < 128) {
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return LETTER_CLASS;
    return cp >= 48 && cp <= 57 ? NUMBER : NONE;
  }
  if (cp < 65_536) {
    const known = bmpClass[cp] as number;
    if (known !== 0) return known;
  }
  const c = String.fromCodePoint(cp);
  const found = LETTER.test(c) ? LETTER_CLASS : DIGIT.test(c) ? NUMBER : NONE;
  if (cp < 65_536) bmpClass[cp] = found;
  return found;
}

/** The code point at `i` (a lone surrogate is its own code unit). */
function codePointAt(text: string, i: number): number {
  return text.codePointAt(i) as number;
}

/** Past the run of code points from `i` that are letters (or, with digits, letters and numbers). */
function skipRun(t: string, i: number, digits: boolean): number {
  while (i < t.length) {
    const cp = codePointAt(t, i);
    const c = classOf(cp);
    if (c === NONE || (c === NUMBER && !digits)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * Finds the words of a lower-cased text as words() gives them, without
 * making strings: `found(start, end, joined)` for each, `joined` when
 * apostrophes join its parts. A run of letters and digits, then any number of
 * apostrophe-and-letters; one scan over the code points (WORD, as a regular
 * expression, took 1.7-2.5x as long on the generated corpus).
 */
export function scanWords(t: string, found: (start: number, end: number, joined: boolean) => void): void {
  const n = t.length;
  let i = 0;
  while (i < n) {
    const cp = codePointAt(t, i);
    if (classOf(cp) === NONE) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    i = skipRun(t, i, true);
    let joined = false;
    while (i + 1 < n) {
      const a = t.charCodeAt(i);
      if (a !== 39 && a !== 0x2019) break;
      const next = codePointAt(t, i + 1);
      if (classOf(next) !== LETTER_CLASS) break;
      joined = true;
      i += 1 + (next > 0xffff ? 2 : 1);
      i = skipRun(t, i, false);
    }
    found(start, i, joined);
  }
}

/**
 * Lower-cased words of a text, as `q` matches them: letters and digits, with
 * apostrophes inside a word kept and folded to ', so "Rutte’s" is "rutte's".
 */
export function words(text: string): string[] {
  const t = text.toLowerCase();
  const out: string[] = [];
  scanWords(t, (start, end, joined) => {
    const w = t.slice(start, end);
    out.push(joined ? w.replace(/’/g, "'") : w);
  });
  return out;
}

/**
 * A word with apostrophes (folded to ') and every run of its parts:
 * "o'neill's" gives o'neill's, o, o'neill, neill, neill's and s.
 */
export function wordAndParts(w: string): string[] {
  const out = [w];
  const parts = w.split("'");
  for (let i = 0; i < parts.length; i++) {
    for (let j = i; j < parts.length; j++) if (j - i + 1 < parts.length) out.push(parts.slice(i, j + 1).join("'"));
  }
  return out;
}

/**
 * The words `q` finds in a text, each once: every word as words() gives it,
 * and for a word with apostrophes every run of its parts (wordAndParts),
 * since a query word matches a whole word or a part of one between
 * apostrophes ("rutte" finds "Rutte’s").
 */
export function indexWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (!w.includes("'")) out.add(w);
    else for (const p of wordAndParts(w)) out.add(p);
  }
  return [...out];
}

/** A literal string as a regular expression source. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
