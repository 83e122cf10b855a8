/**
 * The stories' plan as the planner reads it (story-plan.ts makes it): for
 * each article in a story of several, what the deploy publishes of its
 * story. A million articles make hundreds of thousands of such stories,
 * whose lists of versions (titles, links, dates) held as objects cost the
 * deploy hundreds of MiB for its whole planning pass; here each story is
 * one JSON text, held until a chunk's worth is gathered, then appended to a
 * temporary file (temp-file.ts TextSpool) and read back by position when an
 * article of that story is planned. Only each member's key and its story's number
 * stay in memory. A plan that never fills a chunk (tests, small corpora)
 * makes no file.
 */
import type { Article, StoryRef } from "../schema/article.js";
import { TextSpool } from "./temp-file.js";

export interface PlannedStory {
  ref: StoryRef;
  /** Key of the version the story's item shows. */
  best: string;
  /** Key of its newest version: where the story sits in the order. */
  newest: string;
  published: string;
  dateSource: Article["dateSource"];
  size: number;
  /** The story's topics: its best version's, then the others' in the order the planner meets them (oldest first). */
  topics: string[];
  /** Where its item sits in the story feeds: its newest version's [published ms, slug]. */
  orderKey: [number, string];
}

/** Bytes of stories' JSON held before they are written to the file. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The story of each article that shares one with others, by article key.
 * `get` makes a new object at each call (read back from the JSON). Close it
 * when done: it may hold a temporary file.
 */
export class StoryPlan {
  /** Each member's story, by number. */
  readonly #of = new Map<string, number>();
  /** Each story's JSON, by number. */
  readonly #spool: TextSpool;
  #closed = false;

  /** `chunkBytes`: JSON held before it is written out (tests make it tiny). */
  constructor(readonly chunkBytes = CHUNK_BYTES) {
    this.#spool = new TextSpool("wirefeed-stories-", "the stories' plan file", chunkBytes);
  }

  /** Adds a story and the keys of its versions (a key already in a story is an error). */
  add(story: PlannedStory, members: Iterable<string>): void {
    this.#mustBeOpen();
    const n = this.#spool.count;
    for (const key of members) {
      if (this.#of.has(key)) throw new Error(`article ${key} is in two stories`);
      this.#of.set(key, n);
    }
    this.#spool.add(JSON.stringify(story));
  }

  /** The story of the article `key`, or undefined when it is a story of one. */
  get(key: string): PlannedStory | undefined {
    this.#mustBeOpen();
    const n = this.#of.get(key);
    return n === undefined ? undefined : (JSON.parse(this.#spool.text(n)) as PlannedStory);
  }

  /** Articles in stories of several. */
  get size(): number {
    return this.#of.size;
  }

  /** Stories of several articles. */
  get storyCount(): number {
    return this.#spool.count;
  }

  /** Each story once, in the order added. */
  *all(): Generator<PlannedStory> {
    this.#mustBeOpen();
    for (const json of this.#spool.all()) yield JSON.parse(json) as PlannedStory;
  }

  /** Every member's key and its story, in the order added. */
  *[Symbol.iterator](): Generator<[string, PlannedStory]> {
    for (const key of this.#of.keys()) yield [key, this.get(key) as PlannedStory];
  }

  #mustBeOpen(): void {
    if (this.#closed) throw new Error("the stories' plan was used after it was closed");
  }

  /** Lets go of the file and what is held. */
  close(): void {
    this.#closed = true;
    this.#of.clear();
    this.#spool.close();
  }
}
