/**
 * An append-only temporary file, read back from the start as often as
 * needed in runs of whole records, or a record at a time by position: where
 * the planner spills its postings (term-index.ts) and keeps the stories'
 * facts (version-facts.ts) and their plan (story-store.ts). It is
 * unlinked as soon as it is made where the system allows (Windows keeps it
 * until closed), so nothing is left behind when the process ends.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class TempFile {
  readonly #dir: string;
  readonly #fd: number;
  #open = true;
  /** Bytes written so far. */
  bytes = 0;

  /** `prefix` names its directory; `what` names it in errors. */
  constructor(
    prefix: string,
    readonly what: string,
  ) {
    this.#dir = mkdtempSync(join(tmpdir(), prefix));
    this.#fd = openSync(join(this.#dir, "data"), "w+");
    try {
      rmSync(this.#dir, { recursive: true });
    } catch {}
  }

  /** Appends bytes[0, length). */
  append(bytes: Uint8Array, length = bytes.length): void {
    let at = 0;
    while (at < length) at += writeSync(this.#fd, bytes, at, length - at, this.bytes + at);
    this.bytes += length;
  }

  /** Bytes [position, position + length) of what was appended, in a buffer of their own. */
  read(position: number, length: number): Buffer {
    if (position < 0 || position + length > this.bytes)
      throw new Error(`${this.what}: no bytes at ${position}+${length}`);
    const out = Buffer.allocUnsafe(length);
    for (let at = 0; at < length; ) {
      const n = readSync(this.#fd, out, at, length - at, position + at);
      if (n === 0) throw new Error(`${this.what} ended early`);
      at += n;
    }
    return out;
  }

  /**
   * The file from the start, `readBytes` at a time (more when one record is
   * larger), as runs of whole records: each run is `buffer[0, end)`, where
   * `end = cut(buffer, have)` is the start of the first incomplete record of
   * the `have` bytes read. A run is valid until the next is asked for.
   */
  *runs(readBytes: number, cut: (buffer: Buffer, have: number) => number): Generator<{ buffer: Buffer; end: number }> {
    let buffer = Buffer.allocUnsafe(readBytes);
    let have = 0;
    for (let position = 0; position < this.bytes; ) {
      if (have === buffer.length) {
        // a record larger than a read
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, have);
        buffer = grown;
      }
      const n = readSync(this.#fd, buffer, have, Math.min(buffer.length - have, this.bytes - position), position);
      if (n === 0) throw new Error(`${this.what} ended early`);
      position += n;
      have += n;
      const end = cut(buffer, have);
      if (end > 0) yield { buffer, end };
      buffer.copy(buffer, 0, end, have);
      have -= end;
    }
    if (have) throw new Error(`${this.what} ends inside an entry`);
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    closeSync(this.#fd);
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
