/**
 * The filter, evaluated on one segment at a time: a bitset of the segment's
 * articles that match (AND of the required terms, OR of `match=any` topics,
 * minus the excluded ones), and the walks over positions, newest or oldest
 * first, that stop as soon as a caller has enough.
 */
import { type Posting, postingBits } from "../schema/postings.js";
import type { CollectionView } from "./root-view.js";

export interface TermFilter {
  /** Terms every match has: the path topic, `q` words, `match=all` topics (or a lone topic). */
  required: string[];
  /** Terms of which a match has at least one (`match=any` topics), or none. */
  anyOf: string[];
  /** Terms no match has. */
  excluded: string[];
}

/** Postings of each term read, by segment id. */
export type TermPostings = ReadonlyMap<string, ReadonlyMap<number, Posting>>;

function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) & (b[i] as number)) >>> 0;
  return a;
}

function or(a: Uint32Array, b: Uint32Array): Uint32Array {
  for (let i = 0; i < a.length; i++) a[i] = ((a[i] as number) | (b[i] as number)) >>> 0;
  return a;
}

function allOnes(count: number): Uint32Array {
  const words = new Uint32Array(Math.ceil(count / 32)).fill(0xffffffff);
  if (count % 32) words[words.length - 1] = (2 ** (count % 32) - 1) >>> 0;
  return words;
}

export class SegmentMatcher {
  constructor(
    readonly view: CollectionView,
    readonly filter: TermFilter,
    readonly postings: TermPostings,
  ) {}

  #posting(term: string, sid: number): Posting | undefined {
    return this.postings.get(term)?.get(sid);
  }

  /** The matching articles of segment `s` (bit i = its i-th oldest), or null when none can match. */
  bits(s: number): Uint32Array | null {
    const sid = this.view.sids[s] as number;
    const count = this.view.counts[s] as number;
    const { required, anyOf, excluded } = this.filter;
    for (const t of required) if (!this.#posting(t, sid)) return null;
    let acc: Uint32Array | null = null;
    for (const t of required) {
      const b = postingBits(this.#posting(t, sid) as Posting, count);
      acc = acc ? and(acc, b) : b;
    }
    if (anyOf.length) {
      let any: Uint32Array | null = null;
      for (const t of anyOf) {
        const p = this.#posting(t, sid);
        if (p) any = any ? or(any, postingBits(p, count)) : postingBits(p, count);
      }
      if (!any) return null;
      acc = acc ? and(acc, any) : any;
    }
    acc ??= allOnes(count);
    for (const t of excluded) {
      const p = this.#posting(t, sid);
      if (!p) continue;
      const b = postingBits(p, count);
      for (let i = 0; i < acc.length; i++) acc[i] = ((acc[i] as number) & ~(b[i] as number)) >>> 0;
    }
    return acc;
  }

  /** Word `w` of `bits` with only the bits of local positions in [a, b). */
  static #masked(bits: Uint32Array, w: number, a: number, b: number): number {
    let x = bits[w] as number;
    const low = a - w * 32;
    const high = b - w * 32;
    if (low > 0) x &= ~((2 ** low - 1) >>> 0);
    if (high < 32) x &= (2 ** high - 1) >>> 0;
    return x >>> 0;
  }

  /** Positions of matches in [lo, hi), newest first. */
  *down(lo: number, hi: number): Generator<number> {
    if (hi <= lo) return;
    const { starts, counts } = this.view;
    for (let s = this.view.segmentOf(hi - 1); s >= 0; s--) {
      const start = starts[s] as number;
      const end = start + (counts[s] as number);
      if (end <= lo) return;
      const bits = this.bits(s);
      if (!bits) continue;
      const a = Math.max(lo, start) - start;
      const b = Math.min(hi, end) - start;
      for (let w = (b - 1) >> 5; w >= a >> 5; w--) {
        let x = SegmentMatcher.#masked(bits, w, a, b);
        while (x) {
          const bit = 31 - Math.clz32(x);
          yield start + w * 32 + bit;
          x = (x & ~(2 ** bit)) >>> 0;
        }
      }
    }
  }

  /** Positions of matches in [lo, hi), oldest first. */
  *up(lo: number, hi: number): Generator<number> {
    if (hi <= lo) return;
    const { starts, counts } = this.view;
    for (let s = this.view.segmentOf(lo); s < counts.length; s++) {
      const start = starts[s] as number;
      const end = start + (counts[s] as number);
      if (start >= hi) return;
      const bits = this.bits(s);
      if (!bits) continue;
      const a = Math.max(lo, start) - start;
      const b = Math.min(hi, end) - start;
      for (let w = a >> 5; w <= (b - 1) >> 5; w++) {
        let x = SegmentMatcher.#masked(bits, w, a, b);
        while (x) {
          const bit = 31 - Math.clz32((x & -x) >>> 0);
          yield start + w * 32 + bit;
          x = (x & ~(2 ** bit)) >>> 0;
        }
      }
    }
  }
}

/** Up to `n` values of a generator. */
export function take(gen: Generator<number>, n: number): number[] {
  const out: number[] = [];
  if (n <= 0) return out;
  for (const v of gen) {
    out.push(v);
    if (out.length >= n) break;
  }
  return out;
}
