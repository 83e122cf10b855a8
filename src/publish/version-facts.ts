/**
 * What planning a story needs of each of its versions (story-plan.ts): the
 * article without its text. A corpus streamed from disk is read once for
 * grouping; its articles' facts are kept on the way, in a temporary file
 * (FactsFile), so the stories can be planned without reading and parsing
 * the whole corpus a second time.
 */
import type { Article } from "../schema/article.js";
import { TextSpool } from "./temp-file.js";

export type VersionFacts = Pick<
  Article,
  "key" | "id" | "slug" | "title" | "published" | "updated" | "dateSource" | "wordCount" | "topics"
> & { source: Pick<Article["source"], "site" | "url"> };

/** The facts alone (an article without its text, or facts read back, copied). */
export const factsOf = (a: VersionFacts): VersionFacts => ({
  key: a.key,
  id: a.id,
  slug: a.slug,
  title: a.title,
  published: a.published,
  updated: a.updated,
  dateSource: a.dateSource,
  wordCount: a.wordCount,
  topics: a.topics,
  source: { site: a.source.site, url: a.source.url },
});

/** Bytes of JSON held before it is written out, and read back at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Articles' facts, one JSON text each, held then appended to a temporary
 * file (TextSpool), then read back in the order added, as often as needed,
 * until closed.
 */
export class FactsFile {
  #spool: TextSpool;

  /** `chunkBytes`: JSON held before it is written, and read back at a time (tests make it tiny). */
  constructor(readonly chunkBytes = CHUNK_BYTES) {
    this.#spool = new TextSpool("wirefeed-facts-", "the stories' facts file", chunkBytes);
  }

  add(a: Article): void {
    this.#spool.add(JSON.stringify(factsOf(a)));
  }

  /** The facts in the order added. */
  *read(): Generator<VersionFacts> {
    for (const json of this.#spool.all()) yield JSON.parse(json) as VersionFacts;
  }

  close(): void {
    this.#spool.close();
  }
}
