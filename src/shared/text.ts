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

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Lower-cased words of a text, as `q` matches them: letters and digits, with
 * apostrophes inside a word kept and folded to ', so "Rutte’s" is "rutte's".
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0];
    out.push(w.includes("’") ? w.replace(/’/g, "'") : w);
  }
  return out;
}

/**
 * The words `q` finds in a text, each once: every word as words() gives it,
 * and for a word with apostrophes every run of its parts ("o'neill's" gives
 * o, neill, s, o'neill, neill's and o'neill's), since a query word matches
 * a whole word or a part of one between apostrophes ("rutte" finds "Rutte’s").
 */
export function indexWords(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    out.add(w);
    if (!w.includes("'")) continue;
    const parts = w.split("'");
    for (let i = 0; i < parts.length; i++) {
      for (let j = i; j < parts.length; j++) out.add(parts.slice(i, j + 1).join("'"));
    }
  }
  return [...out];
}

/** A literal string as a regular expression source. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
