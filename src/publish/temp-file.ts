/**
 * An append-only temporary file, read back from the start as often as
 * needed in runs of whole records, or a record at a time by position: where
 * the planner spills its postings (term-index.ts), and, through TextSpool,
 * keeps the stories' facts (version-facts.ts) and their plan
 * (story-store.ts). It is unlinked as soon as it is made where the system
 * allows (Windows keeps it until closed), so nothing is left behind when
 * the process ends.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withRoom } from "./term-dictionary.js";

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

/**
 * Texts added one after another, held in memory until `chunkBytes` of them
 * are, then appended to a TempFile made at the first write (so a few texts
 * make no file): what the stories' facts (version-facts.ts) and their plan
 * (story-store.ts) are kept in. Read back one by its number, or all in
 * order, `chunkBytes` of the file at a time.
 */
export class TextSpool {
  #held: string[] = [];
  #heldBytes = 0;
  /** Texts written to the file (the held ones come after). */
  #written = 0;
  /** Where text n starts in the file's bytes; starts[count] is where the next will. */
  #starts = new Float64Array(1024);
  #file: TempFile | null = null;
  count = 0;

  /** `prefix` and `what` as TempFile's. */
  constructor(
    readonly prefix: string,
    readonly what: string,
    readonly chunkBytes: number,
  ) {}

  add(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.#starts = withRoom(this.#starts, this.count + 2);
    this.#starts[this.count + 1] = (this.#starts[this.count] as number) + bytes;
    this.count++;
    this.#held.push(text);
    this.#heldBytes += bytes;
    if (this.#heldBytes >= this.chunkBytes) {
      this.#file ??= new TempFile(this.prefix, this.what);
      this.#file.append(Buffer.from(this.#held.join("")));
      this.#written += this.#held.length;
      this.#held = [];
      this.#heldBytes = 0;
    }
  }

  /** Text n. */
  text(n: number): string {
    if (n >= this.#written) return this.#held[n - this.#written] as string;
    const from = this.#starts[n] as number;
    return (this.#file as TempFile).read(from, (this.#starts[n + 1] as number) - from).toString("utf8");
  }

  /** Every text, in the order added. */
  *all(): Generator<string> {
    let n = 0;
    if (this.#file) {
      // the file position of the run's first byte
      let base = 0;
      const starts = this.#starts;
      const wholeTexts = (have: number) => {
        let k = n;
        while (k < this.#written && (starts[k + 1] as number) - base <= have) k++;
        return (starts[k] as number) - base;
      };
      for (const { buffer, end } of this.#file.runs(this.chunkBytes, (_, have) => wholeTexts(have))) {
        for (; n < this.#written && (starts[n + 1] as number) - base <= end; n++)
          yield buffer.toString("utf8", (starts[n] as number) - base, (starts[n + 1] as number) - base);
        base += end;
      }
    }
    for (const text of this.#held) yield text;
  }

  close(): void {
    this.#held = [];
    this.#file?.close();
    this.#file = null;
  }
}
