/**
 * The inverted index, built while the planner streams through the segments
 * (docs/store-layout.md): each article's terms (its topics, and the words
 * `q` can find in its title, summary and body), each segment's postings
 * appended to their term's list in an arena (memory stays compact at a
 * million articles and millions of terms), then every term in order cut into
 * parts by the layout's rule.
 */
import type { Article } from "../schema/article.js";
import { compareTerms, endsPart, type Layout, topicTerm, wordTerm } from "../schema/layout.js";
import { encodePosting, encodeTermHeader } from "../schema/postings.js";
import { blocksToLines } from "../shared/blocks-html.js";
import { scanWords, wordAndParts } from "../shared/text.js";

/** `array` with room for `need` elements: itself, or a copy at least twice its size (new room filled with `fill`). */
export function withRoom<A extends Int32Array | Uint32Array | Float64Array>(array: A, need: number, fill = 0): A {
  if (need <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => A)(Math.max(array.length * 2, need));
  if (fill !== 0) grown.fill(fill, array.length);
  grown.set(array);
  return grown;
}

/** Whether `text` holds `word` at `start`, char code by char code. */
function sameChars(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/**
 * Term names and their ids, shared by the collections of one plan: an
 * article's terms are looked up once for both. A word is looked up where it
 * stands in the article's lower-cased text, by a hash of its characters in
 * an open-addressing table, so no string is made for a word met before (a
 * word with apostrophes, rare, goes through its parts' strings); a new
 * word's string is copied out of the text, so the text is not kept.
 */
export class TermDictionary {
  #topics = new Map<string, number>();
  /** Each id's term, as the index names it (layout.ts topicTerm, wordTerm). */
  readonly names: string[] = [];
  /** Each id's word (undefined for a topic). */
  #words: (string | undefined)[] = [];
  /** The table: id + 1 per slot (0 empty), and the slot's word's hash. */
  #slots = new Int32Array(1 << 10);
  #hashes = new Uint32Array(1 << 10);
  #size = 0;
  /** The article each id was last added for, so an article's terms are distinct. */
  #stamp = new Int32Array(1 << 10);
  #article = 0;
  #out = new Int32Array(1024);
  #count = 0;

  #newId(name: string, word: string | undefined): number {
    const id = this.names.length;
    this.names.push(name);
    this.#words.push(word);
    this.#stamp = withRoom(this.#stamp, id + 1);
    return id;
  }

  #add(id: number): void {
    if (this.#stamp[id] === this.#article) return;
    this.#stamp[id] = this.#article;
    this.#out = withRoom(this.#out, this.#count + 1);
    this.#out[this.#count++] = id;
  }

  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    this.#slots = new Int32Array(slots.length * 2);
    this.#hashes = new Uint32Array(slots.length * 2);
    const mask = this.#slots.length - 1;
    for (let k = 0; k < slots.length; k++) {
      if (slots[k] === 0) continue;
      let at = (hashes[k] as number) & mask;
      while (this.#slots[at] !== 0) at = (at + 1) & mask;
      this.#slots[at] = slots[k] as number;
      this.#hashes[at] = hashes[k] as number;
    }
  }

  /** The id of the word text[start, end). */
  #wordId(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    // spread FNV's low bits, which the table's index takes (murmur3's finaliser)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
    const mask = this.#slots.length - 1;
    let at = h & mask;
    const length = end - start;
    for (;;) {
      const slot = this.#slots[at] as number;
      if (slot === 0) break;
      if (this.#hashes[at] === h) {
        const word = this.#words[slot - 1] as string;
        if (word.length === length && sameChars(word, text, start)) return slot - 1;
      }
      at = (at + 1) & mask;
    }
    // a copy, not a slice of the article's text
    const word = [...text.slice(start, end)].join("");
    const id = this.#newId(wordTerm(word), word);
    this.#slots[at] = id + 1;
    this.#hashes[at] = h;
    if (++this.#size * 2 > this.#slots.length) this.#grow();
    return id;
  }

  /**
   * The term ids of an article, distinct: its topics and the words of its
   * title, summary and body (shared/text.ts indexWords: one scan of the
   * whole text; lines never join words, so it finds what a block at a time
   * would).
   */
  articleTerms(a: Article): Int32Array {
    this.#article++;
    this.#count = 0;
    for (const t of a.topics) {
      let id = this.#topics.get(t);
      if (id === undefined) {
        id = this.#newId(topicTerm(t), undefined);
        this.#topics.set(t, id);
      }
      this.#add(id);
    }
    const text = `${a.title}\n${a.summary}\n${blocksToLines(a.body).join("\n")}`.toLowerCase();
    scanWords(text, (start, end, joined) => {
      if (!joined) {
        this.#add(this.#wordId(text, start, end));
        return;
      }
      for (const w of wordAndParts(text.slice(start, end).replace(/’/g, "'"))) this.#add(this.#wordId(w, 0, w.length));
    });
    return this.#out.slice(0, this.#count);
  }
}

/** A segment's (term, position) pair as one sortable number: term id above, position below (segmentMax ≤ 2^16). */
export const POSITION_RANGE = 65_536;

const BLOCK_BYTES = 16 * 1024 * 1024;
/** No next entry (offsets count 4-byte words). */
const NONE = 0xffffffff;

/**
 * Postings, appended per segment into 16 MiB blocks; each entry is [offset
 * of the term's next entry, in 4-byte words: u32][encoded posting], padded
 * to 4 bytes (a posting's length is in its own header).
 */
export class TermIndex {
  #blocks: Buffer[] = [];
  #used = BLOCK_BYTES;
  #heads = new Uint32Array(1024).fill(NONE);
  #tails = new Uint32Array(1024);
  #terms = 0;
  #entries = 0;
  bytes = 0;

  constructor(readonly dictionary: TermDictionary) {}

  get terms(): number {
    return this.#terms;
  }

  get entries(): number {
    return this.#entries;
  }

  #append(bytes: Uint8Array): number {
    const need = (4 + bytes.length + 3) & ~3;
    if (this.#used + need > BLOCK_BYTES) {
      this.#blocks.push(Buffer.allocUnsafe(BLOCK_BYTES));
      this.#used = 0;
    }
    const block = this.#blocks.length - 1;
    const buf = this.#blocks[block] as Buffer;
    const at = this.#used;
    buf.writeUInt32LE(NONE, at);
    buf.set(bytes, at + 4);
    this.#used += need;
    this.bytes += bytes.length;
    return (block * BLOCK_BYTES + at) / 4;
  }

  #at(offset: number): { buf: Buffer; at: number } {
    const byte = offset * 4;
    return { buf: this.#blocks[Math.floor(byte / BLOCK_BYTES)] as Buffer, at: byte % BLOCK_BYTES };
  }

  /**
   * Adds one segment's postings: `pairs` holds term id × POSITION_RANGE +
   * local position for each (term, article) of the segment, sorted.
   */
  addSegment(sid: number, count: number, pairs: Float64Array): void {
    const locals = new Int32Array(count);
    for (let i = 0; i < pairs.length; ) {
      const id = Math.floor((pairs[i] as number) / POSITION_RANGE);
      let n = 0;
      for (; i < pairs.length && Math.floor((pairs[i] as number) / POSITION_RANGE) === id; i++)
        locals[n++] = (pairs[i] as number) % POSITION_RANGE;
      const offset = this.#append(encodePosting(sid, locals.subarray(0, n), count));
      this.#entries++;
      this.#heads = withRoom(this.#heads, id + 1, NONE);
      this.#tails = withRoom(this.#tails, id + 1);
      if (this.#heads[id] === NONE) {
        this.#heads[id] = offset;
        this.#terms++;
      } else {
        const tail = this.#at(this.#tails[id] as number);
        tail.buf.writeUInt32LE(offset, tail.at);
      }
      this.#tails[id] = offset;
    }
  }

  /** Each term's encoded postings, oldest segment first. */
  *#entriesOf(id: number): Generator<Uint8Array> {
    let offset = this.#heads[id] as number;
    while (offset !== NONE) {
      const { buf, at } = this.#at(offset);
      yield buf.subarray(at + 4, at + 4 + postingLength(buf, at + 4));
      offset = buf.readUInt32LE(at);
    }
  }

  /**
   * The index cut into parts, in term order: each part's first term and its
   * bytes. Also reports the most parts one term spans.
   */
  *parts(layout: Layout): Generator<{ firstTerm: string; bytes: Uint8Array }, number> {
    const names = this.dictionary.names;
    const ids: number[] = [];
    for (let id = 0; id < Math.min(this.#heads.length, names.length); id++) if (this.#heads[id] !== NONE) ids.push(id);
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
    for (const id of ids) {
      const term = names[id] as string;
      let span = 1;
      const headerBytes = Buffer.byteLength(term) + 4;
      for (const entry of this.#entriesOf(id)) {
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
    if (records.length) yield serialise();
    return maxSpan;
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
    const b = bytes[i++] as number;
    header += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 128;
  }
  return i - at + Math.floor(header / 2);
}
