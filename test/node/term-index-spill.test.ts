/**
 * The planner's inverted index spills its postings to a temporary file and
 * reads them back a slice of terms at a time (src/publish/term-index.ts).
 * Whatever the sizes (a spill held in memory, or written out a few bytes at
 * a time, read back in reads smaller than one entry, slices of one term),
 * the parts must hold exactly the postings that were added: every term in
 * order, each segment's positions, oldest segment first (checked against the
 * segments as they were added), and be byte for byte the same parts; the
 * most parts a term spans is reported right.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TermDictionary } from "../../src/publish/term-dictionary.js";
import { type SpillSizes, sortByTerm, TermIndex } from "../../src/publish/term-index.js";
import type { Article } from "../../src/schema/article.js";
import { DEFAULT_LAYOUT, type Layout } from "../../src/schema/layout.js";
import { decodePart, postingBits } from "../../src/schema/postings.js";

const WORDS = ["nato", "rutte", "kosovo", "sarajevo", "pristina", "summit", "visit", "court", "talks", "2026"];

/** A segment: its id and, for each article in it, the words it holds. */
interface Segment {
  sid: number;
  articles: string[][];
}

const segmentsArb = fc
  .array(
    fc.array(fc.subarray(WORDS.concat(Array.from({ length: 30 }, (_, i) => `rare${i}`)), { minLength: 0 }), {
      minLength: 1,
      maxLength: 40,
    }),
    { minLength: 0, maxLength: 25 },
  )
  .map((segments): Segment[] => segments.map((articles, i) => ({ sid: 1000 + i * 7, articles })));

const article = (words: string[]): Article =>
  ({ topics: [], title: words.join(" "), summary: "", body: [] }) as unknown as Article;

/**
 * Builds an index of the segments with these sizes; returns its parts and
 * what it spilled. `padding` terms are named first, in no segment: the
 * segments' term ids then need more than one pass of the radix sort.
 */
function build(segments: Segment[], layout: Layout, sizes?: SpillSizes, padding = 0) {
  const dictionary = new TermDictionary();
  if (padding) dictionary.articleTerms(article(Array.from({ length: padding }, (_, i) => `pad${i}`)));
  const index = new TermIndex(dictionary, sizes);
  for (const { sid, articles } of segments) {
    const terms: number[] = [];
    const locals: number[] = [];
    articles.forEach((words, local) => {
      for (const id of dictionary.articleTerms(article(words))) {
        terms.push(id);
        locals.push(local);
      }
    });
    index.addSegment(sid, articles.length, Int32Array.from(terms), Int32Array.from(locals), terms.length);
  }
  const spilled = index.spilledBytes;
  const parts: { firstTerm: string; bytes: Uint8Array }[] = [];
  const cut = index.parts(layout);
  for (let next = cut.next(); ; next = cut.next()) {
    if (next.done) return { parts, spilled, maxSpan: next.value };
    parts.push(next.value);
  }
}

/** Every term's postings as the parts give them: term → [sid, positions][] in order. */
function decoded(parts: { bytes: Uint8Array }[], segments: Segment[]): Map<string, [number, number[]][]> {
  const count = new Map(segments.map((s) => [s.sid, s.articles.length]));
  const out = new Map<string, [number, number[]][]>();
  for (const part of parts)
    for (const record of decodePart(part.bytes)) {
      const list = out.get(record.term) ?? [];
      for (const p of record.postings) {
        const bits = postingBits(p, count.get(p.sid) as number);
        const positions: number[] = [];
        for (let i = 0; i < (count.get(p.sid) as number); i++)
          if (((bits[i >>> 5] as number) >>> (i & 31)) & 1) positions.push(i);
        list.push([p.sid, positions]);
      }
      out.set(record.term, list);
    }
  return out;
}

/** The oracle: each word's (segment, positions) straight from the segments, terms in order. */
function expected(segments: Segment[]): Map<string, [number, number[]][]> {
  const out = new Map<string, [number, number[]][]>();
  for (const { sid, articles } of segments) {
    const terms = [...new Set(articles.flat())].sort();
    for (const w of terms) {
      const positions = articles.flatMap((words, i) => (words.includes(w) ? [i] : []));
      out.set(`w:${w}`, [...(out.get(`w:${w}`) ?? []), [sid, positions]]);
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const TINY: SpillSizes = { bufferBytes: 16, sliceBytes: 24, readBytes: 8 };
const small: Layout = { ...DEFAULT_LAYOUT, partTarget: 32, partMin: 16, partMax: 96 };

describe("the planner's spilled index", () => {
  it("gives the same parts, holding exactly the postings added, whatever it spills and however it reads back", () => {
    fc.assert(
      fc.property(
        segmentsArb,
        fc.constantFrom(DEFAULT_LAYOUT, small),
        fc.constantFrom(0, 5000),
        (segments, layout, padding) => {
          const inMemory = build(segments, layout, undefined, padding);
          const spilled = build(segments, layout, TINY, padding);
          expect(inMemory.spilled).toBe(0);
          // two postings or more overflow the tiny buffer (one may fit in it)
          const postings = segments.reduce((n, s) => n + new Set(s.articles.flat()).size, 0);
          if (postings >= 2) expect(spilled.spilled).toBeGreaterThan(0);
          expect(spilled.parts.map((p) => [p.firstTerm, Buffer.from(p.bytes).toString("hex")])).toEqual(
            inMemory.parts.map((p) => [p.firstTerm, Buffer.from(p.bytes).toString("hex")]),
          );
          expect(spilled.maxSpan).toBe(inMemory.maxSpan);
          // the most parts one term is found in
          const partsOf = new Map<string, number>();
          for (const part of spilled.parts)
            for (const r of decodePart(part.bytes)) partsOf.set(r.term, (partsOf.get(r.term) ?? 0) + 1);
          expect(spilled.maxSpan).toBe(Math.max(0, ...partsOf.values()));
          expect([...decoded(spilled.parts, segments)]).toEqual([...expected(segments)]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("sorts a segment's pairs by term id, stably, for ids of any size (one to three radix passes)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.integer({ min: 0, max: 40 }),
              fc.integer({ min: 0, max: 5000 }),
              fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            ),
            fc.integer({ min: 0, max: 65_535 }),
          ),
          { maxLength: 300 },
        ),
        (rows) => {
          const n = rows.length;
          const pairs = { terms: Int32Array.from(rows, (r) => r[0]), locals: Int32Array.from(rows, (r) => r[1]) };
          const scratch = { terms: new Int32Array(n), locals: new Int32Array(n) };
          const sorted = sortByTerm(pairs, n, scratch);
          // the oracle: Array.prototype.sort is stable
          const want = rows.map((r, i) => [r[0], r[1], i]).sort((a, b) => (a[0] as number) - (b[0] as number));
          expect(Array.from(sorted.terms.subarray(0, n))).toEqual(want.map((w) => w[0]));
          expect(Array.from(sorted.locals.subarray(0, n))).toEqual(want.map((w) => w[1]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
