/**
 * Text helpers shared by the build and the Worker: escaping for HTML and XML,
 * removal of characters XML 1.0 forbids, and the word tokenizer behind `q`
 * (the deploy indexes with it, the Worker parses queries with it, so they agree).
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
  for (const m of text.toLowerCase().matchAll(WORD)) out.push(m[0].replace(/’/g, "'"));
  return out;
}

/** The distinct words of the texts, space-separated and space-padded: " a b c ". */
export function termString(...texts: string[]): string {
  const set = new Set<string>();
  for (const t of texts) {
    for (const w of words(t)) {
      set.add(w);
      // "rutte's" also matches a query for "rutte"
      const apos = w.indexOf("'");
      if (apos > 0) set.add(w.slice(0, apos));
    }
  }
  return ` ${[...set].sort().join(" ")} `;
}

/** Whether every query word is among the terms of a termString(). */
export function matchesAllWords(terms: string, queryWords: readonly string[]): boolean {
  for (const w of queryWords) if (!terms.includes(` ${w} `)) return false;
  return true;
}
