/**
 * The words `q` matches and the index holds (src/shared/text.ts): words() is
 * a hand-written scan over code points, for speed at a million articles; it
 * must find exactly what the regular expression WORD finds in the lower-cased
 * text, apostrophes folded, on any text (property test over strings mixing
 * ASCII, curly and straight apostrophes, accented and combining letters,
 * Cyrillic, Han, other scripts' digits, letters and digits outside the BMP,
 * emoji and lone surrogates).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexWords, WORD, words } from "../../src/shared/text.js";

const byRegex = (text: string): string[] => [...text.toLowerCase().matchAll(WORD)].map((m) => m[0].replace(/’/g, "'"));

const pieces = [
  "a",
  "Z",
  "é",
  "É",
  "e\u0301",
  "0",
  "9",
  "'",
  "’",
  "‘",
  " ",
  "\n",
  "-",
  ".",
  ",",
  "Я",
  "ж",
  "長",
  "ダ",
  "٣",
  "Ⅻ",
  "²",
  "𝐀",
  "𝟘",
  "😀",
  "\ud800",
  "\udc00",
  "ß",
  "İ",
  "Σ",
  "ǅ",
  "ﬁ",
];

describe("words()", () => {
  it("finds what the regular expression finds, on any mix of scripts, apostrophes and surrogates", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(words(text)).toEqual(byRegex(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        expect(words(text)).toEqual(byRegex(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("keeps a word's apostrophes and folds the curly one, and indexWords adds the parts", () => {
    expect(words("Rutte’s visit: rock'n'roll, 90's, it's9 O’Neill’s")).toEqual([
      "rutte's",
      "visit",
      "rock'n'roll",
      "90's",
      "it's",
      "9",
      "o'neill's",
    ]);
    expect(indexWords("O’Neill’s")).toEqual(["o'neill's", "o", "o'neill", "neill", "neill's", "s"]);
  });
});
