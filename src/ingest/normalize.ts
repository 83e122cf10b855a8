/**
 * Character-level repair of a page dump before any structure is read from it:
 * line endings, odd spaces, invisible characters, styled Unicode letters
 * (𝓮𝔁𝓹𝓸𝓼𝓮𝓭 → exposed) and sentences glued together ("support.The").
 * Only the damaged characters change: ², ½ and ™ survive (no NFKC of the whole text).
 */

/**
 * Mathematical alphanumeric letters and digits (U+1D400–U+1D7FF), the
 * letterlike symbols that fill that block's holes (ℎ, ℬ, ℭ, …) and fullwidth
 * Latin letters and digits: each maps to its plain letter through NFKC.
 */
const STYLED =
  /[\u{1D400}-\u{1D7FF}\u210A-\u2113\u2115\u2119-\u211D\u2124\u2128\u212C\u212D\u212F-\u2131\u2133\u2134\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu;

/** Spaces that are not U+0020 (no-break, en/em, thin, ideographic, …). */
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** Invisible characters that carry nothing in plain text: ZWSP, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;

export function fixStyledLetters(text: string): string {
  return text.replace(STYLED, (c) => {
    const plain = c.normalize("NFKC");
    return /^[\p{L}\p{N}]$/u.test(plain) ? plain : c;
  });
}

/**
 * Puts back the space a copy lost between two sentences or after a comma:
 * "support.The visits" → "support. The visits", "Pristina,NATO" → "Pristina, NATO",
 * "ever,particularly" → "ever, particularly". Needs two lower-case letters before
 * the mark (and a capital after a full stop), so "U.S.", "1,000", "Node.js"
 * and "EUROP.INFO" stay as they are.
 */
/** Punctuation directly followed by a capital: the only places the repairs below can apply. */
const MAYBE_GLUED = /[.!?]\p{Lu}|\p{L},\p{L}/u;

export function fixGluedSentences(line: string): string {
  if (!MAYBE_GLUED.test(line)) return line;
  return line.replace(/(\p{Ll}{2})([.!?])(\p{Lu}\p{Ll})/gu, "$1$2 $3").replace(/(\p{Ll}{2}),(\p{L})/gu, "$1, $2");
}

/** Character-level normalisation of a whole dump. Linear time. */
export function normalizeText(text: string): string {
  return fixStyledLetters(text.replace(/\r\n?/g, "\n").replace(ODD_SPACE, " ").replace(INVISIBLE, ""));
}
