/**
 * Story features of many articles packed into a few growable typed arrays
 * (pools with offsets), so grouping a million articles holds no per-article
 * objects: about 0.5 KB an article (lead fingerprints, bands, terms, names,
 * figures, quotations, day) besides its key.
 */
import { BANDS, type StoryFeatures } from "./features.js";

/** The day of an article whose text gives none. */
export const NO_DAY = -0x80000000;

/** A typed array that can be grown: Uint32Array or Uint16Array. */
type Packed = Uint32Array | Uint16Array;

/** Variable-length runs of numbers, one per article, packed end to end with their offsets. */
class Pool<A extends Packed> {
  data: A;
  offsets = new Uint32Array(1024);
  length = 0;
  count = 0;

  constructor(private readonly make: (n: number) => A) {
    this.data = make(4096);
  }

  push(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const next = this.make(Math.max(Math.ceil(this.data.length * 1.25), this.length + values.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
    if (this.count + 2 > this.offsets.length) {
      const next = new Uint32Array(Math.ceil(this.offsets.length * 1.25));
      next.set(this.offsets);
      this.offsets = next;
    }
    this.count++;
    this.offsets[this.count] = this.length;
  }

  /** Views of the filled part only (no copy: a copy would briefly hold both). */
  trim(): void {
    this.data = this.data.subarray(0, this.length) as A;
    this.offsets = this.offsets.subarray(0, this.count + 1);
  }

  start(i: number): number {
    return this.offsets[i] as number;
  }

  end(i: number): number {
    return this.offsets[i + 1] as number;
  }

  /** The packed values, trimmed. */
  values(): A {
    return this.data.subarray(0, this.length) as A;
  }
}

class Pool32 extends Pool<Uint32Array> {
  constructor() {
    super((n) => new Uint32Array(n));
  }
}

class Pool16 extends Pool<Uint16Array> {
  constructor() {
    super((n) => new Uint16Array(n));
  }
}

export class StoryPack {
  readonly keys: string[] = [];
  readonly lead = new Pool16();
  /** BANDS keys an article, or BANDS zeros (hasBands 0) when its lead is empty. */
  bands = new Uint32Array(1024 * BANDS);
  hasBands = new Uint8Array(1024);
  readonly terms = new Pool32();
  readonly titleTerms = new Pool32();
  readonly salient = new Pool32();
  /** salient's counts, at the same offsets. */
  salientCounts = new Uint8Array(4096);
  readonly names = new Pool32();
  readonly numbers = new Pool32();
  readonly quotes = new Pool32();
  days = new Int32Array(1024);
  /** Hash → text of names and figures, when the features carry them (the CLI's evidence). */
  readonly labels = new Map<number, string>();

  get size(): number {
    return this.keys.length;
  }

  push(f: StoryFeatures): void {
    const i = this.keys.length;
    if (i + 1 > this.days.length) {
      const room = Math.ceil(this.days.length * 1.25);
      const days = new Int32Array(room);
      days.set(this.days);
      this.days = days;
      const has = new Uint8Array(room);
      has.set(this.hasBands);
      this.hasBands = has;
      const bands = new Uint32Array(room * BANDS);
      bands.set(this.bands);
      this.bands = bands;
    }
    this.keys.push(f.key);
    this.lead.push(f.lead);
    if (f.bands.length === BANDS) {
      this.bands.set(f.bands, i * BANDS);
      this.hasBands[i] = 1;
    }
    this.terms.push(f.terms);
    this.titleTerms.push(f.titleTerms);
    const at = this.salient.length;
    this.salient.push(f.salient);
    if (this.salient.data.length > this.salientCounts.length) {
      const next = new Uint8Array(this.salient.data.length);
      next.set(this.salientCounts.subarray(0, Math.min(this.salientCounts.length, next.length)));
      this.salientCounts = next;
    }
    this.salientCounts.set(f.salientCounts, at);
    this.names.push(f.names);
    this.numbers.push(f.numbers);
    this.quotes.push(f.quotes);
    this.days[i] = f.day ?? NO_DAY;
    if (f.labels) for (const [h, text] of f.labels) this.labels.set(h, text);
  }

  /** Views of the filled parts (once every article is in). */
  trim(): void {
    for (const pool of [this.lead, this.terms, this.titleTerms, this.salient, this.names, this.numbers, this.quotes])
      pool.trim();
    const n = this.keys.length;
    this.salientCounts = this.salientCounts.subarray(0, this.salient.length);
    this.bands = this.bands.subarray(0, n * BANDS);
    this.hasBands = this.hasBands.subarray(0, n);
    this.days = this.days.subarray(0, n);
  }

  day(i: number): number | null {
    const d = this.days[i] as number;
    return d === NO_DAY ? null : d;
  }
}
