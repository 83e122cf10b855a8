/**
 * One ordered collection of feed items as the store lays it out
 * (docs/store-layout.md): entries arrive oldest first, are cut into segments
 * by the layout's rule (each segment's rows and item keys written under the
 * hash of the rows), and their terms go into an inverted index cut into
 * parts at the end. The planner builds two: the articles, and the stories.
 */
import { partKey, segmentKey, segmentKeysKey } from "../schema/keys.js";
import { endsSegment, type Layout } from "../schema/layout.js";
import { compareFeedOrder, type OrderKey } from "../schema/order.js";
import { MAX_SEGMENT_ID, type PartEntry, type SegmentEntry } from "../schema/store.js";
import { hash16, sha } from "./hashing.js";
import { type TermDictionary, withRoom } from "./term-dictionary.js";
import { TermIndex } from "./term-index.js";

/** Writes one value of a kind ("segment", "keys", "part") under its key. */
export type Put = (kind: string, key: string, value: string) => Promise<void>;

export interface CollectionResult {
  segments: SegmentEntry[];
  parts: PartEntry[];
  maxPartsPerTerm: number;
}

/** A segment's id: 48 bits of its oldest entry's slug. */
const segmentId = (slug: string): number => Number.parseInt(sha(`segment:${slug}`).slice(0, 12), 16);

export class CollectionBuilder {
  readonly segments: SegmentEntry[] = [];
  #index: TermIndex;
  #sids = new Set<number>();
  #rows = { ms: [] as number[], slugs: [] as string[], items: [] as string[] };
  /** The open segment's (term id, position) pairs, in the order its entries came. */
  #pairs = { terms: new Int32Array(1 << 10), locals: new Int32Array(1 << 10) };
  #pairCount = 0;
  #lastMs = Number.NaN;
  #previous: OrderKey | null = null;
  count = 0;

  constructor(
    readonly what: string,
    readonly layout: Layout,
    readonly put: Put,
    readonly dictionary: TermDictionary,
  ) {
    this.#index = new TermIndex(dictionary);
  }

  /** Appends the next entry (oldest first): its place in the order, its item's hash and its index terms (distinct ids of the dictionary). */
  async add(ms: number, slug: string, itemHash: string, terms: ArrayLike<number>): Promise<void> {
    const key = { ms, slug };
    if (this.#previous && compareFeedOrder(key, this.#previous) >= 0)
      throw new Error(`${this.what} out of order (oldest first) at "${slug}"`);
    this.#previous = key;
    const local = this.#rows.ms.length;
    this.#rows.ms.push(ms);
    this.#rows.slugs.push(slug);
    this.#rows.items.push(itemHash);
    const pairs = this.#pairs;
    pairs.terms = withRoom(pairs.terms, this.#pairCount + terms.length);
    pairs.locals = withRoom(pairs.locals, this.#pairCount + terms.length);
    for (let i = 0; i < terms.length; i++) {
      pairs.terms[this.#pairCount] = terms[i] as number;
      pairs.locals[this.#pairCount++] = local;
    }
    this.count++;
    if (endsSegment(slug, this.#rows.ms.length, this.layout)) await this.#closeSegment();
  }

  async #closeSegment(): Promise<void> {
    const rows = this.#rows;
    const count = rows.ms.length;
    const oldestSlug = rows.slugs[0] as string;
    const sid = segmentId(oldestSlug);
    if (this.#sids.has(sid) || sid > MAX_SEGMENT_ID) throw new Error(`segment id collision at "${oldestSlug}"`);
    this.#sids.add(sid);
    const value = JSON.stringify(rows);
    const h = hash16(value);
    await this.put("segment", segmentKey(h), value);
    await this.put("keys", segmentKeysKey(h), JSON.stringify(rows.items));
    this.#index.addSegment(sid, count, this.#pairs.terms, this.#pairs.locals, this.#pairCount);
    // a tie of instants across the cut: the oldest slug is needed to place a cursor
    const tie = this.segments.length > 0 && this.#lastMs === rows.ms[0];
    this.segments.push([sid, count, rows.ms[0] as number, h, tie ? oldestSlug : null]);
    this.#lastMs = rows.ms[count - 1] as number;
    this.#rows = { ms: [], slugs: [], items: [] };
    this.#pairCount = 0;
  }

  /** Closes the last segment and writes the index parts. */
  async finish(): Promise<CollectionResult> {
    if (this.#rows.ms.length) await this.#closeSegment();
    const parts: PartEntry[] = [];
    const cut = this.#index.parts(this.layout);
    try {
      for (;;) {
        const next = cut.next();
        if (next.done) {
          // the index is no longer needed: let it go before the next collection is built
          this.#index = new TermIndex(this.dictionary);
          return { segments: this.segments, parts, maxPartsPerTerm: next.value };
        }
        const value = Buffer.from(next.value.bytes).toString("base64");
        const h = hash16(value);
        await this.put("part", partKey(h), value);
        parts.push([next.value.firstTerm, h]);
      }
    } finally {
      this.#index.close();
    }
  }

  /** Lets go of the index's spill file (a plan that failed halfway); finish does it too. */
  close(): void {
    this.#index.close();
  }
}
