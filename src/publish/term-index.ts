/**
 * The inverted index, built while the planner streams through the segments
 * (docs/store-layout.md): each segment's postings, one per term it holds,
 * are appended to a spill (kept in memory while small, then in a temporary
 * file, unlinked at once), so memory does not grow with the corpus; at the
 * end every term in order is cut into parts by the layout's rule, the spill
 * read back a slice of terms at a time: each read gathers the postings of
 * the next terms in order, a term's oldest segment first.
 */
import { compareTerms, endsPart, type Layout } from "../schema/layout.js";
import { encodeTermHeader, postingSize, writePosting } from "../schema/postings.js";
import { TempFile } from "./temp-file.js";
import { type TermDictionary, withRoom } from "./term-dictionary.js";

/** Bits of a term id sorted per pass of the radix sort. */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/** How the index uses memory (tests make them tiny, to cross every boundary). */
export interface SpillSizes {
  /** The spill is held in memory up to this, then written to the file. */
  bufferBytes: number;
  /** The postings gathered at once when cutting parts (a term larger than this is gathered alone). */
  sliceBytes: number;
  /** Bytes read from the spill file at a time (more when an entry is larger). */
  readBytes: number;
}

export const SPILL_SIZES: SpillSizes = {
  bufferBytes: 4 * 1024 * 1024,
  sliceBytes: 64 * 1024 * 1024,
  readBytes: 8 * 1024 * 1024,
};

/**
 * A sequence of entries [term id: u32 LE][encoded posting], appended, then
 * read back from the start as often as needed.
 */
class Spill {
  #buffer: Buffer;
  #used = 0;
  #file: TempFile | null = null;

  constructor(readonly sizes: SpillSizes) {
    this.#buffer = Buffer.allocUnsafe(Math.min(1024, sizes.bufferBytes));
  }

  /** Bytes written to the file so far. */
  get fileBytes(): number {
    return this.#file?.bytes ?? 0;
  }

  /**
   * Appends an entry of `id` and a posting of `size` bytes, which the caller
   * writes into `buffer` at the offset returned, before the next call.
   */
  reserve(id: number, size: number): number {
    const need = 4 + size;
    if (this.#used + need > this.#buffer.length) {
      if (this.#buffer.length >= this.sizes.bufferBytes) this.#flush();
      if (this.#used + need > this.#buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#used + need));
        this.#buffer.copy(grown, 0, 0, this.#used);
        this.#buffer = grown;
      }
    }
    this.#buffer.writeUInt32LE(id, this.#used);
    this.#used += need;
    return this.#used - size;
  }

  /** Where reserve's caller writes. */
  get buffer(): Buffer {
    return this.#buffer;
  }

  #flush(): void {
    this.#file ??= new TempFile("wirefeed-index-", "the index's spill file");
    this.#file.append(this.#buffer, this.#used);
    this.#used = 0;
  }

  /** Calls `visit` for every entry in order with the bytes holding it (valid during the call only). */
  forEach(visit: (id: number, bytes: Buffer, at: number, length: number) => void): void {
    const file = this.#file;
    if (!file) {
      walk(this.#buffer, this.#used, visit);
      return;
    }
    if (this.#used) this.#flush();
    // walking a run visits its entries
    for (const _ of file.runs(this.sizes.readBytes, (bytes, have) => walk(bytes, have, visit)));
  }

  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}

/** Visits the whole entries in bytes[0, end); returns where the first incomplete one starts. */
function walk(
  bytes: Buffer,
  end: number,
  visit: (id: number, bytes: Buffer, at: number, length: number) => void,
): number {
  let at = 0;
  for (;;) {
    // the id (4 bytes), the segment id (6) and the posting's varint header, whole?
    let i = at + 10;
    while (i < end && (bytes[i] as number) >= 0x80) i++;
    if (i >= end) return at;
    const length = postingLength(bytes, at + 4);
    if (at + 4 + length > end) return at;
    visit(bytes.readUInt32LE(at), bytes, at + 4, length);
    at += 4 + length;
  }
}

/** (term id, position) pairs, side by side. */
export interface Pairs {
  terms: Int32Array;
  locals: Int32Array;
}

/**
 * The pairs [0, n) ordered by term id (0 to 2^31 - 1), stably (a term's
 * positions keep their order): a least significant digit radix sort,
 * RADIX_BITS of the id per pass, back and forth between `pairs` and
 * `scratch` (at least n long each; both are overwritten). Returns whichever
 * holds the result.
 */
export function sortByTerm(pairs: Pairs, n: number, scratch: Pairs): Pairs {
  let maxId = 0;
  for (let i = 0; i < n; i++) if ((pairs.terms[i] as number) > maxId) maxId = pairs.terms[i] as number;
  let from = pairs;
  let into = scratch;
  const counts = new Int32Array(RADIX);
  // (a shift of 32 or more would wrap: 3 passes cover every id)
  for (let shift = 0; shift < 32 && (shift === 0 || maxId >>> shift > 0); shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((from.terms[i] as number) >>> shift) & (RADIX - 1);
      counts[digit] = (counts[digit] as number) + 1;
    }
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = counts[b] as number;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const t = from.terms[i] as number;
      const digit = (t >>> shift) & (RADIX - 1);
      const to = counts[digit] as number;
      counts[digit] = to + 1;
      into.terms[to] = t;
      into.locals[to] = from.locals[i] as number;
    }
    const was = from;
    from = into;
    into = was;
  }
  return from;
}

/** One collection's inverted index, postings spilled as segments close (see the header). */
export class TermIndex {
  #spill: Spill;
  /** Bytes of postings each term id has (0: not in this index). */
  #bytes = new Uint32Array(1024);

  constructor(
    readonly dictionary: TermDictionary,
    readonly sizes: SpillSizes = SPILL_SIZES,
  ) {
    this.#spill = new Spill(sizes);
  }

  /** Closes the spill file, if there is one (parts does it when done). */
  close(): void {
    this.#spill.close();
  }

  /** Bytes of postings written to the temporary file so far (0 while they fit in memory). */
  get spilledBytes(): number {
    return this.#spill.fileBytes;
  }

  /**
   * Adds one segment's postings: for each (term, article) of the segment,
   * terms[i] is the term's id and locals[i] the article's position in the
   * segment, i < n, in the order the articles came (positions ascending).
   * Sorts them by term (the arrays may be overwritten) and appends one
   * posting per term, in term id order.
   */
  addSegment(sid: number, count: number, terms: Int32Array, locals: Int32Array, n: number): void {
    this.#scratch.terms = withRoom(this.#scratch.terms, n);
    this.#scratch.locals = withRoom(this.#scratch.locals, n);
    const sorted = sortByTerm({ terms, locals }, n, this.#scratch);
    const ids = sorted.terms;
    const positions = sorted.locals;
    for (let i = 0; i < n; ) {
      const id = ids[i] as number;
      let end = i + 1;
      while (end < n && ids[end] === id) end++;
      const size = postingSize(positions, i, end, count);
      // reserve first: it may move the buffer
      const at = this.#spill.reserve(id, size);
      writePosting(this.#spill.buffer, at, sid, positions, i, end, count);
      this.#bytes = withRoom(this.#bytes, id + 1);
      this.#bytes[id] = (this.#bytes[id] as number) + size;
      i = end;
    }
  }

  #scratch: Pairs = { terms: new Int32Array(1024), locals: new Int32Array(1024) };

  /**
   * The index cut into parts, in term order: each part's first term and its
   * bytes. Also reports the most parts one term spans. Frees the spill when
   * done.
   */
  *parts(layout: Layout): Generator<{ firstTerm: string; bytes: Uint8Array }, number> {
    const names = this.dictionary.names;
    const ids: number[] = [];
    for (let id = 0; id < Math.min(this.#bytes.length, names.length); id++) if (this.#bytes[id]) ids.push(id);
    ids.sort((x, y) => compareTerms(names[x] as string, names[y] as string));
    let records: { term: string; entries: Uint8Array[] }[] = [];
    let size = 0;
    let maxSpan = 0;
    const serialise = (): { firstTerm: string; bytes: Uint8Array } => {
      const chunks: Uint8Array[] = [];
      for (const r of records) chunks.push(encodeTermHeader(r.term, r.entries.length), ...r.entries);
      const bytes = Buffer.concat(chunks);
      const firstTerm = (records[0] as { term: string }).term;
      records = [];
      size = 0;
      return { firstTerm, bytes };
    };
    // where each term of the slice being gathered gets its next posting (NaN: not in the slice)
    const next = new Float64Array(this.#bytes.length).fill(Number.NaN);
    try {
      for (let from = 0; from < ids.length; ) {
        const { to, slice } = this.#gather(ids, from, next);
        // the slice holds its terms' postings one term after the other, in term order
        let at = 0;
        for (let r = from; r < to; r++) {
          const id = ids[r] as number;
          const term = names[id] as string;
          const headerBytes = Buffer.byteLength(term) + 4;
          let span = 1;
          const end = at + (this.#bytes[id] as number);
          while (at < end) {
            const length = postingLength(slice, at);
            const entry = slice.subarray(at, at + length);
            at += length;
            let record = records.at(-1);
            if (!record || record.term !== term) {
              record = { term, entries: [] };
              records.push(record);
              size += headerBytes;
            }
            record.entries.push(entry);
            size += entry.length;
            if (endsPart(term, sidOf(entry), entry.length, size, layout)) {
              yield serialise();
              span++;
            }
          }
          // the term ended exactly at a cut: it did not reach the next part
          if (records.length === 0) span--;
          maxSpan = Math.max(maxSpan, span);
        }
        for (let r = from; r < to; r++) next[ids[r] as number] = Number.NaN;
        from = to;
      }
      if (records.length) yield serialise();
      return maxSpan;
    } finally {
      this.#spill.close();
    }
  }

  /**
   * The postings of ids[from, to) (terms in order, as many as fit in
   * sizes.sliceBytes, at least one), gathered from one read of the spill: each
   * term's postings side by side in `slice`, oldest first, the terms in
   * their order.
   */
  #gather(ids: number[], from: number, next: Float64Array): { to: number; slice: Buffer } {
    let to = from;
    let total = 0;
    while (
      to < ids.length &&
      (to === from || total + (this.#bytes[ids[to] as number] as number) <= this.sizes.sliceBytes)
    ) {
      const id = ids[to++] as number;
      next[id] = total;
      total += this.#bytes[id] as number;
    }
    const slice = Buffer.allocUnsafe(total);
    this.#spill.forEach((id, bytes, at, length) => {
      const into = next[id] as number;
      if (Number.isNaN(into)) return;
      bytes.copy(slice, into, at, at + length);
      next[id] = into + length;
    });
    return { to, slice };
  }
}

/** The segment id at the start of an encoded posting (6 bytes, big-endian). */
function sidOf(entry: Uint8Array): number {
  let sid = 0;
  for (let i = 0; i < 6; i++) sid = sid * 256 + (entry[i] as number);
  return sid;
}

/** The length of the encoded posting at `at`: its segment id, its varint header (payload length × 2 + kind), its payload. */
function postingLength(bytes: Uint8Array, at: number): number {
  let header = 0;
  let scale = 1;
  let i = at + 6;
  for (;;) {
    if (i >= bytes.length) throw new Error("the index's spill holds a posting cut short");
    const b = bytes[i++] as number;
    header += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 128;
  }
  return i - at + Math.floor(header / 2);
}
