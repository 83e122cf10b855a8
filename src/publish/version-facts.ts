/**
 * What planning a story needs of each of its versions (story-plan.ts): the
 * article without its text. A corpus streamed from disk is read once for
 * grouping; its articles' facts are kept on the way, in a temporary file
 * (FactsFile), so the stories can be planned without reading and parsing
 * the whole corpus a second time.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Article } from "../schema/article.js";

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
  #file: { dir: string; fd: number; bytes: number } | null = null;
  count = 0;

  /** `chunkBytes`: JSON held before it is written, and read back at a time (tests make it tiny). */
  constructor(readonly chunkBytes = CHUNK_BYTES) {}

  add(a: Article): void {
    const line = `${JSON.stringify(factsOf(a))}\n`;
    this.#lines.push(line);
    this.#held += line.length;
    this.count++;
    if (this.#held >= this.chunkBytes) this.#flush();
  }

  #flush(): void {
    if (!this.#file) {
      const dir = mkdtempSync(join(tmpdir(), "wirefeed-facts-"));
      this.#file = { dir, fd: openSync(join(dir, "facts"), "w+"), bytes: 0 };
      // gone when closed or when the process ends, where the system allows (Windows keeps it until close)
      try {
        rmSync(dir, { recursive: true });
      } catch {}
    }
    const chunk = Buffer.from(this.#lines.join(""));
    let at = 0;
    while (at < chunk.length) at += writeSync(this.#file.fd, chunk, at, chunk.length - at, this.#file.bytes + at);
    this.#file.bytes += chunk.length;
    this.#lines = [];
    this.#held = 0;
  }

  /** The facts in the order added. */
  *read(): Generator<VersionFacts> {
    if (this.#lines.length) this.#flush();
    const file = this.#file;
    if (!file) return;
    let buffer = Buffer.allocUnsafe(this.chunkBytes);
    let have = 0;
    for (let position = 0; position < file.bytes; ) {
      if (have === buffer.length) {
        // a line longer than the buffer
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, have);
        buffer = grown;
      }
      const n = readSync(file.fd, buffer, have, Math.min(buffer.length - have, file.bytes - position), position);
      if (n === 0) throw new Error("the stories' facts file ended early");
      position += n;
      have += n;
      // whole lines only (a read may end inside one, or inside a character)
      const end = buffer.lastIndexOf(10, have - 1) + 1;
      if (end === 0) continue;
      const text = buffer.toString("utf8", 0, end);
      buffer.copy(buffer, 0, end, have);
      have -= end;
      for (let from = 0; from < text.length; ) {
        const to = text.indexOf("\n", from);
        yield JSON.parse(text.slice(from, to)) as VersionFacts;
        from = to + 1;
      }
    }
    if (have) throw new Error("the stories' facts file ends inside a line");
  }

  close(): void {
    this.#lines = [];
    if (!this.#file) return;
    closeSync(this.#file.fd);
    rmSync(this.#file.dir, { recursive: true, force: true });
    this.#file = null;
  }
}
