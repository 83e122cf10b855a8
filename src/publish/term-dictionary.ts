/**
 * The terms of one plan (docs/store-layout.md): every term's name and id,
 * shared by the collections the planner builds side by side, so an
 * article's words are looked up once for both; and withRoom, the planner's
 * way of growing a typed array.
 */
import type { Article } from "../schema/article.js";
import { topicTerm, wordTerm } from "../schema/layout.js";
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

/** A string of chars[from, to), made afresh. */
function charsToString(chars: Uint16Array, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i += 4096)
    out += String.fromCharCode.apply(null, chars.subarray(i, Math.min(i + 4096, to)) as unknown as number[]);
  return out;
}

/** Int32s per slot of the table: the word's hash, its id + 1 (0: empty), where its chars start, its length. */
const SLOT = 4;

/**
 * Term names and their ids, shared by the collections of one plan: an
 * article's terms are looked up once for both. A word is looked up where it
 * stands in the article's lower-cased text (or its list of words), by a hash
 * of its characters in an open-addressing table whose slot holds the hash,
 * the id and where the word's characters are in one array of them: a
 * lookup reads one slot and one run of characters, and makes no string (a
 * word with apostrophes, rare, goes through its parts' strings). A new
 * word's name is copied out of the text, so the text is not kept.
 */
export class TermDictionary {
  #topics = new Map<string, number>();
  /** Each id's term, as the index names it (layout.ts topicTerm, wordTerm). */
  readonly names: string[] = [];
  #table = new Int32Array(SLOT << 10);
  /** The words' characters, one after the other. */
  #chars = new Uint16Array(1 << 16);
  #charCount = 0;
  #size = 0;
  /** The article each id was last added for, so an article's terms are distinct. */
  #stamp = new Int32Array(1 << 10);
  #article = 0;
  #out = new Int32Array(1024);
  #count = 0;

  #newId(name: string): number {
    const id = this.names.length;
    this.names.push(name);
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
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / SLOT - 1;
    for (let k = 0; k < old.length; k += SLOT) {
      if (old[k + 1] === 0) continue;
      let at = (old[k] as number) & mask;
      while (table[at * SLOT + 1] !== 0) at = (at + 1) & mask;
      table.set(old.subarray(k, k + SLOT), at * SLOT);
    }
    this.#table = table;
  }

  /** The id of the word text[start, end). */
  #wordId(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    // spread FNV's low bits, which the table's index takes (murmur3's finaliser)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    const table = this.#table;
    const chars = this.#chars;
    const mask = table.length / SLOT - 1;
    const length = end - start;
    let at = h & mask;
    for (; ; at = (at + 1) & mask) {
      const k = at * SLOT;
      const slot = table[k + 1] as number;
      if (slot === 0) break;
      if (table[k] !== h || table[k + 3] !== length) continue;
      const from = (table[k + 2] as number) - start;
      let i = start;
      while (i < end && chars[from + i] === text.charCodeAt(i)) i++;
      if (i === end) return slot - 1;
    }
    if (this.#charCount + length > chars.length) {
      const grown = new Uint16Array(Math.max(chars.length * 2, this.#charCount + length));
      grown.set(chars);
      this.#chars = grown;
    }
    const first = this.#charCount;
    for (let i = start; i < end; i++) this.#chars[this.#charCount++] = text.charCodeAt(i);
    // the name from the copied characters, not a slice that would keep the article's text
    const id = this.#newId(wordTerm(charsToString(this.#chars, first, this.#charCount)));
    const k = at * SLOT;
    table[k] = h;
    table[k + 1] = id + 1;
    table[k + 2] = first;
    table[k + 3] = length;
    if (++this.#size * 2 > mask + 1) this.#grow();
    return id;
  }

  /**
   * The term ids of an article, distinct: its topics and the words of its
   * title, summary and body (shared/text.ts indexWords: one scan of the
   * whole text; lines never join words, so it finds what a block at a time
   * would).
   */
  articleTerms(a: Article): Int32Array {
    this.#addTopics(a.topics);
    const text = articleText(a);
    scanWords(text, (start, end, joined) => {
      if (!joined) {
        this.#add(this.#wordId(text, start, end));
        return;
      }
      for (const w of wordAndParts(text.slice(start, end).replace(/’/g, "'"))) this.#add(this.#wordId(w, 0, w.length));
    });
    return this.#out.slice(0, this.#count);
  }

  /**
   * The term ids of an article whose distinct words (articleWords) were
   * found elsewhere: the same ids, in the same order, as articleTerms.
   */
  termsOfWords(topics: readonly string[], words: string): Int32Array {
    this.#addTopics(topics);
    for (let start = 0; start < words.length; ) {
      let end = words.indexOf("\n", start);
      if (end < 0) end = words.length;
      this.#add(this.#wordId(words, start, end));
      start = end + 1;
    }
    return this.#out.slice(0, this.#count);
  }

  /** Starts an article's terms with its topics'. */
  #addTopics(topics: readonly string[]): void {
    this.#article++;
    this.#count = 0;
    for (const t of topics) {
      let id = this.#topics.get(t);
      if (id === undefined) {
        id = this.#newId(topicTerm(t));
        this.#topics.set(t, id);
      }
      this.#add(id);
    }
  }
}

/** What an article's words are found in: its title, summary and body, lower-cased. */
const articleText = (a: Article): string =>
  `${a.title}\n${a.summary}\n${blocksToLines(a.body).join("\n")}`.toLowerCase();

/**
 * An article's distinct words in the order articleTerms meets them, one per
 * line (a word holds no line break): what a worker thread sends back, so
 * the planner's thread only looks them up (TermDictionary.termsOfWords).
 */
export function articleWords(a: Article): string {
  const seen = new Set<string>();
  const text = articleText(a);
  scanWords(text, (start, end, joined) => {
    if (!joined) seen.add(text.slice(start, end));
    else for (const w of wordAndParts(text.slice(start, end).replace(/’/g, "'"))) seen.add(w);
  });
  return [...seen].join("\n");
}
