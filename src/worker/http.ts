/**
 * Cheap polling: every feed and page is a Representation with a strong ETag
 * (a hash of its bytes, so it changes exactly when the bytes would) and a
 * Last-Modified (when its scope last changed, stamped by the deploy). Conditional requests are answered
 * here as RFC 9110 says: If-None-Match (weak comparison, lists, "*") first,
 * If-Modified-Since only when there is no If-None-Match; a match is a 304
 * with no body.
 */
import type { Context } from "hono";

/** A body as parts: text, or UTF-8 bytes encoded once and reused (memoised feed items). */
export type Chunk = string | Uint8Array;
export type Body = string | readonly Chunk[];

export interface Representation {
  /** The body as UTF-8, encoded once: a warm request encodes nothing. */
  bytes: Uint8Array;
  contentType: string;
  /** Strong validator: `"…"`. */
  etag: string;
  lastModified: Date | null;
  headers: Record<string, string>;
}

/** Feeds: readers poll every few minutes to hours; a CDN may serve a stale copy while it revalidates. */
export const FEED_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400";
export const PAGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

const encoder = new TextEncoder();

/** A strong ETag from the bytes: the first 16 bytes of their SHA-256, base64url. */
async function etagFor(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let bin = "";
  for (const b of digest.subarray(0, 16)) bin += String.fromCharCode(b);
  return `"${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}"`;
}

/** A body as one UTF-8 byte array: text parts encoded, byte parts copied. */
function toBytes(body: Body): Uint8Array {
  if (typeof body === "string") return encoder.encode(body);
  const parts = body.map((c) => (typeof c === "string" ? encoder.encode(c) : c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A representation of a body: encoded to UTF-8 once, hashed for its ETag. */
/** What a route renders: a representation before it is encoded and hashed. */
export type Rendered = Omit<Representation, "etag" | "bytes"> & { body: Body };

export async function represent(rendered: Rendered): Promise<Representation> {
  const { body, ...rest } = rendered;
  const bytes = toBytes(body);
  return { ...rest, bytes, etag: await etagFor(bytes) };
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");

/** Whether If-None-Match matches the current ETag (weak comparison, RFC 9110 §13.1.2). */
function noneMatchHits(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const current = opaque(etag);
  return header.split(",").some((t) => opaque(t) === current);
}

/** Whether the representation is unchanged for this request's validators (ETag wins over dates). */
export function notModified(req: Request, rep: Pick<Representation, "etag" | "lastModified">): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm !== null) return noneMatchHits(inm, rep.etag);
  const ims = req.headers.get("if-modified-since");
  if (ims !== null && rep.lastModified) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds
    return !Number.isNaN(since) && Math.floor(rep.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

/** Header lists of a representation (304 and 200), built once and reused by every response. */
const headerLists = new WeakMap<Representation, { notModified: [string, string][]; ok: [string, string][] }>();

function headersOf(rep: Representation) {
  let lists = headerLists.get(rep);
  if (!lists) {
    const validators: [string, string][] = [["etag", rep.etag]];
    if (rep.lastModified) validators.push(["last-modified", rep.lastModified.toUTCString()]);
    const common = [...Object.entries(rep.headers), ...validators];
    lists = { notModified: common, ok: [...common, ["content-type", rep.contentType]] };
    headerLists.set(rep, lists);
  }
  return lists;
}

export function respond(c: Context, rep: Representation): Response {
  const lists = headersOf(rep);
  if (notModified(c.req.raw, rep)) return new Response(null, { status: 304, headers: lists.notModified });
  return new Response(rep.bytes, { status: 200, headers: lists.ok });
}
