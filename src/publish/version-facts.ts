/**
 * What planning a story needs of each of its versions (story-plan.ts): the
 * article without its text. A corpus streamed from disk is read once for
 * grouping; its articles' facts are kept on the way, in a temporary file
 * (FactsFile), so the stories can be planned without reading and parsing
 * the whole corpus a second time.
 */
import type { Article } from "../schema/article.js";
import { TempFile } from "./temp-file.js";

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

/** Bytes of JSON lines held before they are written out, and read back at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Articles' facts, one JSON line each, appended to a temporary file
 * (unlinked as soon as it is made where the system allows), then read back
 * in the order added, as often as needed, until closed.
 */
export class FactsFile {
  #lines: string[] = [];
  #held = 0;
  #file: TempFile | null = null;

  /** `chunkBytes`: JSON held before it is written, and read back at a time (tests make it tiny). */
  constructor(readonly chunkBytes = CHUNK_BYTES) {}

  add(a: Article): void {
    const line = `${JSON.stringify(factsOf(a))}\n`;
    this.#lines.push(line);
    this.#held += line.length;
    if (this.#held >= this.chunkBytes) this.#flush();
  }

  #flush(): void {
    this.#file ??= new TempFile("wirefeed-facts-", "the stories' facts file");
    this.#file.append(Buffer.from(this.#lines.join("")));
    this.#lines = [];
    this.#held = 0;
  }

  /** The facts in the order added. */
  *read(): Generator<VersionFacts> {
    if (this.#lines.length) this.#flush();
    const file = this.#file;
    if (!file) return;
    // runs of whole lines (a read may end inside one, or inside a character)
    for (const { buffer, end } of file.runs(this.chunkBytes, (bytes, have) => bytes.lastIndexOf(10, have - 1) + 1)) {
      const text = buffer.toString("utf8", 0, end);
      for (let from = 0; from < text.length; ) {
        const to = text.indexOf("\n", from);
        yield JSON.parse(text.slice(from, to)) as VersionFacts;
        from = to + 1;
      }
    }
  }

  close(): void {
    this.#lines = [];
    this.#file?.close();
    this.#file = null;
  }
}
