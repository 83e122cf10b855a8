/**
 * Text helpers shared by the build and the Worker: escaping for HTML and XML,
 * removal of characters XML 1.0 forbids, and the word matching behind `q`.
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

/** A literal string as a regular expression source. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A test for texts holding every one of the words (as words(): case-folded,
 * whole words, ' and ’ alike): "rutte" matches "Rutte’s", "ars" does not match "Mars".
 */
export function allWordsMatcher(queryWords: readonly string[]): (text: string) => boolean {
  const res = queryWords.map(
    (w) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w).replace(/'/g, "['’]")}(?![\\p{L}\\p{N}])`, "iu"),
  );
  return (text) => res.every((re) => re.test(text));
}

/** The plain text of an HTML fragment built by blocksToHtml (tags out, its five entities back). */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(
      /&(?:amp|lt|gt|quot|#39);/g,
      (e) => ({ "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" })[e] ?? e,
    );
}
