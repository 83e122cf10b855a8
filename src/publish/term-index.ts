/**
 * The inverted index, built while the planner streams through the segments
 * (docs/store-layout.md): each article's terms (its topics, and the words
 * `q` can find in its title, summary and body), each segment's postings
 * appended to their term's list in an arena (memory stays compact at a
 * million articles and millions of terms), then every term in order cut into
 * parts by the layout's rule.
 */
import type { Article, Block } from "../schema/article.js";
import { compareTerms, endsPart, type Layout, topicTerm, wordTerm } from "../schema/layout.js";
import { encodePosting, encodeTermHeader } from "../schema/postings.js";
import { blocksToLines } from "../shared/blocks-html.js";
import { indexWords } from "../shared/text.js";

const blockWords = new WeakMap<Block, readonly string[]>();
function wordsOfBlock(block: Block): readonly string[] {
  let w = blockWords.get(block);
  if (!w) {
    w = indexWords(blocksToLines([block]).join("\n"));
    blockWords.set(block, w);
  }
  return w;
}

/**
 * Distinct words of a body, memoised on the body array (benchmark corpora
 * share body arrays between articles; a real corpus's bodies are each
 * tokenised once anyway).
 */
const bodyWords = new WeakMap<readonly Block[], readonly string[]>();
function wordsOfBody(body: readonly Block[]): readonly string[] {
  let words = bodyWords.get(body);
  if (!words) {
    const set = new Set<string>();
    for (const b of body) for (const w of wordsOfBlock(b)) set.add(w);
    words = [...set];
    bodyWords.set(body, words);
  }
  return words;
}

/** Every term an article is found by: its topics and the words of its title, summary and body. */
export function articleTerms(a: Article): string[] {
  const words = new Set(wordsOfBody(a.body));
  for (const w of indexWords(`${a.title}\n${a.summary}`)) words.add(w);
  return [...a.topics.map(topicTerm), ...[...words].map(wordTerm)];
}

const BLOCK_BYTES = 16 * 1024 * 1024;
const NONE = -1;

/** Postings, appended per segment; each entry [next offset: f64][length: u32][bytes]. */
export class TermIndex {
  #blocks: Buffer[] = [];
  #used = BLOCK_BYTES;
  #ids = new Map<string, number>();
  #heads: number[] = [];
  #tails: number[] = [];
  #entries = 0;
  bytes = 0;

  get terms(): number {
    return this.#ids.size;
  }

  get entries(): number {
    return this.#entries;
  }

  #append(bytes: Uint8Array): number {
    const need = 12 + bytes.length;
    if (this.#used + need > BLOCK_BYTES) {
      this.#blocks.push(Buffer.allocUnsafe(Math.max(BLOCK_BYTES, need)));
      this.#used = 0;
    }
    const block = this.#blocks.length - 1;
    const buf = this.#blocks[block] as Buffer;
    const at = this.#used;
    buf.writeDoubleLE(NONE, at);
    buf.writeUInt32LE(bytes.length, at + 8);
    buf.set(bytes, at + 12);
    this.#used += need;
    this.bytes += bytes.length;
    return block * BLOCK_BYTES + at;
  }

  #at(offset: number): { buf: Buffer; at: number } {
    return { buf: this.#blocks[Math.floor(offset / BLOCK_BYTES)] as Buffer, at: offset % BLOCK_BYTES };
  }

  /** Adds one segment's postings: local positions per term, increasing. */
  addSegment(sid: number, count: number, postings: ReadonlyMap<string, readonly number[]>): void {
    for (const [term, locals] of postings) {
      const offset = this.#append(encodePosting(sid, locals, count));
      this.#entries++;
      let id = this.#ids.get(term);
      if (id === undefined) {
        id = this.#heads.length;
        this.#ids.set(term, id);
        this.#heads.push(offset);
        this.#tails.push(offset);
        continue;
      }
      const tail = this.#at(this.#tails[id] as number);
      tail.buf.writeDoubleLE(offset, tail.at);
      this.#tails[id] = offset;
    }
  }

  /** Each term's encoded postings, oldest segment first. */
  *#entriesOf(term: string): Generator<Uint8Array> {
    let offset = this.#heads[this.#ids.get(term) as number] as number;
    while (offset !== NONE) {
      const { buf, at } = this.#at(offset);
      yield buf.subarray(at + 12, at + 12 + buf.readUInt32LE(at + 8));
      offset = buf.readDoubleLE(at);
    }
  }

  /**
   * The index cut into parts, in term order: each part's first term and its
   * bytes. Also reports the most parts one term spans.
   */
  *parts(layout: Layout): Generator<{ firstTerm: string; bytes: Uint8Array }, number> {
    const terms = [...this.#ids.keys()].sort(compareTerms);
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
    for (const term of terms) {
      let span = 1;
      const headerBytes = Buffer.byteLength(term) + 4;
      for (const entry of this.#entriesOf(term)) {
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
