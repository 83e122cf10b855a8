/**
 * The binary encoding of the index's parts (docs/store-layout.md): for each
 * term, in order, its postings per segment, each either a sorted list of
 * local positions (varint deltas) or a bitmap, whichever is smaller. The
 * deploy encodes (entry by entry, then whole parts); the Worker decodes a
 * part, checking every length, and turns one segment's postings into a
 * bitset. Stored in KV as base64 text (bulk reads return text).
 * Pure; imports neither node:* nor cloudflare:*.
 */

export const LIST = 0;
export const BITMAP = 1;

/** One term's postings in one segment. */
export interface Posting {
  /** The segment's id (48 bits). */
  sid: number;
  kind: typeof LIST | typeof BITMAP;
  payload: Uint8Array;
}

export interface TermRecord {
  term: string;
  postings: Posting[];
}

/** A value that is not what the deploy writes. */
export class CorruptValue extends Error {}

const SID_BYTES = 6;

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/**
 * The encoded postings of one term in one segment: `locals` are the local
 * positions (0 = the segment's oldest article), strictly increasing, in a
 * segment of `count` articles.
 */
export function encodePosting(sid: number, locals: ArrayLike<number>, count: number): Uint8Array {
  const out = new Uint8Array(postingSize(locals, 0, locals.length, count));
  writePosting(out, 0, sid, locals, 0, locals.length, count);
  return out;
}

/** The size of the encoded posting of locals[from, to) (see encodePosting): its list's, or its bitmap's, the smaller. */
export function postingSize(locals: ArrayLike<number>, from: number, to: number, count: number): number {
  const bitmapBytes = Math.ceil(count / 8);
  const listBytes = listLength(locals, from, to, count);
  const kind = listBytes <= bitmapBytes ? LIST : BITMAP;
  const payloadLength = kind === LIST ? listBytes : bitmapBytes;
  return SID_BYTES + varintLength(payloadLength * 2 + kind) + payloadLength;
}

/** Bytes of locals[from, to) as a list of varint deltas; throws unless they increase strictly below `count`. */
function listLength(locals: ArrayLike<number>, from: number, to: number, count: number): number {
  let listBytes = 0;
  let prev = -1;
  for (let i = from; i < to; i++) {
    const l = locals[i] as number;
    if (l <= prev || l >= count) throw new RangeError(`postings must be increasing positions below ${count}`);
    listBytes += varintLength(prev < 0 ? l : l - prev);
    prev = l;
  }
  return listBytes;
}

/**
 * Writes the encoded posting of locals[from, to) (see encodePosting) into
 * `out` at `at` (postingSize bytes, whatever they held); returns where it ends.
 */
export function writePosting(
  out: Uint8Array,
  at: number,
  sid: number,
  locals: ArrayLike<number>,
  from: number,
  to: number,
  count: number,
): number {
  const bitmapBytes = Math.ceil(count / 8);
  const listBytes = listLength(locals, from, to, count);
  const kind = listBytes <= bitmapBytes ? LIST : BITMAP;
  const payloadLength = kind === LIST ? listBytes : bitmapBytes;
  for (let i = SID_BYTES - 1; i >= 0; i--) out[at++] = Math.floor(sid / 2 ** (8 * i)) & 0xff;
  at = writeVarint(out, at, payloadLength * 2 + kind);
  if (kind === LIST) {
    let prev = -1;
    for (let i = from; i < to; i++) {
      const l = locals[i] as number;
      at = writeVarint(out, at, prev < 0 ? l : l - prev);
      prev = l;
    }
    return at;
  }
  out.fill(0, at, at + bitmapBytes);
  for (let i = from; i < to; i++) {
    const l = locals[i] as number;
    out[at + (l >> 3)] = (out[at + (l >> 3)] as number) | (1 << (l & 7));
  }
  return at + bitmapBytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The header of a term's record in a part: its name and how many postings follow. */
export function encodeTermHeader(term: string, postings: number): Uint8Array {
  const name = encoder.encode(term);
  const out = new Uint8Array(varintLength(name.length) + name.length + varintLength(postings));
  let at = writeVarint(out, 0, name.length);
  out.set(name, at);
  at += name.length;
  writeVarint(out, at, postings);
  return out;
}

class Cursor {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  varint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.bytes[this.at++];
      if (b === undefined) throw new CorruptValue("index part ends inside a number");
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
    throw new CorruptValue("index part holds an oversized number");
  }
  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new CorruptValue("index part ends inside a value");
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

/** Every term record of a part, in order; throws CorruptValue on anything the deploy would not write. */
export function decodePart(bytes: Uint8Array): TermRecord[] {
  const c = new Cursor(bytes);
  const out: TermRecord[] = [];
  while (c.at < bytes.length) {
    let term: string;
    try {
      term = decoder.decode(c.take(c.varint()));
    } catch (e) {
      throw e instanceof CorruptValue ? e : new CorruptValue("index part holds a term that is not UTF-8");
    }
    const n = c.varint();
    const postings: Posting[] = [];
    for (let i = 0; i < n; i++) {
      const sidBytes = c.take(SID_BYTES);
      let sid = 0;
      for (const b of sidBytes) sid = sid * 256 + b;
      const header = c.varint();
      postings.push({ sid, kind: (header & 1) as Posting["kind"], payload: c.take(Math.floor(header / 2)) });
    }
    out.push({ term, postings });
  }
  return out;
}

/** The posting as a bitset of `count` bits (32 per word); throws CorruptValue if it names positions past `count`. */
export function postingBits(p: Posting, count: number): Uint32Array {
  const words = new Uint32Array(Math.ceil(count / 32));
  if (p.kind === BITMAP) {
    if (p.payload.length > Math.ceil(count / 8)) throw new CorruptValue("bitmap longer than its segment");
    for (let k = 0; k < p.payload.length; k++) {
      const b = p.payload[k] as number;
      if (b) words[k >> 2] = (words[k >> 2] as number) | (b << ((k & 3) * 8));
    }
    if (count % 32 && words.length) {
      const last = words.length - 1;
      if ((words[last] as number) >>> (count % 32)) throw new CorruptValue("bitmap names positions past its segment");
    }
    return words;
  }
  const c = new Cursor(p.payload);
  let pos = -1;
  while (c.at < p.payload.length) {
    const d = c.varint();
    if (pos >= 0 && d === 0) throw new CorruptValue("posting list out of order");
    pos = pos < 0 ? d : pos + d;
    if (pos >= count) throw new CorruptValue("posting list names positions past its segment");
    words[pos >> 5] = (words[pos >> 5] as number) | (1 << (pos & 31));
  }
  return words;
}

/** Standard base64 of bytes (what the deploy writes), back to bytes. */
export function fromBase64(text: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    throw new CorruptValue("index part is not base64");
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
