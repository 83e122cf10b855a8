/**
 * The words `q` matches and the index holds (src/shared/text.ts): words() is
 * a hand-written scan over code points, for speed at a million articles; it
 * must find exactly what the regular expression WORD finds in the lower-cased
 * text, apostrophes folded, on any text (property test over strings mixing
 * ASCII, curly and straight apostrophes, accented and combining letters,
 * Cyrillic, Han, other scripts' digits, letters and digits outside the BMP,
 * emoji and lone surrogates); and the planner's term dictionary, which
 * looks words up where they stand in the text without making strings, must
 * give each article exactly the terms indexWords gives, whatever articles
 * came before (hash collisions, the table growing, apostrophes), and the
 * same ids from the words a worker thread finds (articleWords) as from the
 * text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleWords, TermDictionary } from "../../src/publish/term-dictionary.js";
import type { Article } from "../../src/schema/article.js";
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

describe("the planner's term dictionary", () => {
  it("gives each article the terms indexWords finds, however many articles and words came before", () => {
    const text = fc.array(fc.constantFrom(...pieces, "rutte", "nato", "kosovo", "o'neill's"), { maxLength: 30 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, fc.subarray(["nato", "kosovo", "eu"])), { maxLength: 60 }), (docs) => {
        const dictionary = new TermDictionary();
        const fromWords = new TermDictionary();
        for (const [title, body, topics] of docs) {
          const article = {
            title: title.join(""),
            summary: "",
            topics,
            body: [{ type: "paragraph", text: body.join("") }],
          } as unknown as Article;
          const terms = [...dictionary.articleTerms(article)].map((id) => dictionary.names[id]);
          const expected = [
            ...topics.map((t) => `t:${t}`),
            ...indexWords(`${article.title}\n\n${body.join("")}`).map((w) => `w:${w}`),
          ];
          expect(new Set(terms).size).toBe(terms.length);
          expect([...terms].sort()).toEqual([...expected].sort());
          // a worker thread's words, looked up by a dictionary fed the same articles: the same ids, in the same order
          const ids = [...dictionary.articleTerms(article)];
          const viaWords = [...fromWords.termsOfWords(topics, articleWords(article))];
          expect(viaWords).toEqual(ids);
          expect(viaWords.map((id) => fromWords.names[id])).toEqual(ids.map((id) => dictionary.names[id]));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps words apart at a million distinct words (the table grows, hashes collide in its slots)", () => {
    const dictionary = new TermDictionary();
    const ids = new Map<string, number>();
    const chunk = 1000;
    for (let start = 0; start < 1_000_000; start += chunk) {
      const text = Array.from({ length: chunk }, (_, k) => `w${(start + k).toString(36)}`).join(" ");
      const got = dictionary.articleTerms({
        title: "",
        summary: "",
        topics: [],
        body: [{ type: "paragraph", text }],
      } as unknown as Article);
      for (const id of got) ids.set(dictionary.names[id] as string, id);
    }
    expect(ids.size).toBe(1_000_000);
    // the same words again: the same ids
    const again = dictionary.articleTerms({
      title: "",
      summary: "",
      topics: [],
      body: [{ type: "paragraph", text: "w0 wlflr w1" }],
    } as unknown as Article);
    expect([...again]).toEqual([ids.get("w:w0"), ids.get("w:wlflr"), ids.get("w:w1")]);
  });
});
