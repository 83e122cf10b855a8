/**
 * Reads the published corpus from KV. The manifest is kept in the isolate and
 * re-read at most once a second; pages and shards (gzip-compressed JSON) are
 * immutable (their keys are content hashes), so each is read, decompressed
 * and schema-checked once per isolate and kept in a small LRU. When the manifest names a key KV does not have (a deploy
 * in progress elsewhere, or KV's eventual consistency), the request is retried
 * on a fresh manifest and then on the previous one: never a broken feed.
 */
import type { z } from "zod";
import { MANIFEST_KEY, PREVIOUS_MANIFEST_KEY } from "../schema/keys.js";
import { ArticleShard, FeedPage, Manifest, STORE_FORMAT } from "../schema/store.js";
import { Lru } from "./lru.js";
import { problem } from "./problem.js";

const MANIFEST_TTL_MS = 1000;
const LRU_LIMIT = 64;

class MissingKey extends Error {}

interface IsolateState {
  manifest: Manifest | null;
  manifestRaw: string | null;
  checkedAt: number;
  values: Lru<unknown>;
}

const states = new WeakMap<KVNamespace, IsolateState>();

function state(kv: KVNamespace): IsolateState {
  let s = states.get(kv);
  if (!s) {
    s = { manifest: null, manifestRaw: null, checkedAt: 0, values: new Lru({ maxEntries: LRU_LIMIT }) };
    states.set(kv, s);
  }
  return s;
}

const NOT_DEPLOYED =
  "No corpus has been published yet. Run `npm run deploy` to publish it to Cloudflare, or `npm start` (which runs `npm run deploy -- --local`) to serve it locally.";
const FORMAT_MISMATCH =
  "The published corpus was written by a different version of Wirefeed than this Worker. Publish the corpus and the Worker together with `npm run deploy`.";

function parseManifest(raw: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw problem(503, FORMAT_MISMATCH, { retryAfter: 60 });
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown } | null)?.format;
    console.error(
      `manifest rejected (format ${String(format)}, expected ${STORE_FORMAT})`,
      parsed.error.issues.slice(0, 3),
    );
    throw problem(503, FORMAT_MISMATCH, { retryAfter: 60 });
  }
  return parsed.data;
}

/** The live manifest, re-read from KV at most once a second (or now, with `force`). */
export async function getManifest(kv: KVNamespace, force = false): Promise<Manifest> {
  const s = state(kv);
  const now = Date.now();
  if (!force && s.manifest && now - s.checkedAt < MANIFEST_TTL_MS) return s.manifest;
  const raw = await kv.get(MANIFEST_KEY, "text");
  s.checkedAt = now;
  if (raw === null) {
    s.manifest = null;
    s.manifestRaw = null;
    throw problem(503, NOT_DEPLOYED, { retryAfter: 60 });
  }
  if (raw !== s.manifestRaw || !s.manifest) {
    s.manifest = parseManifest(raw);
    s.manifestRaw = raw;
  }
  return s.manifest;
}

async function readValue<T>(kv: KVNamespace, key: string, schema: z.ZodType<T>): Promise<T> {
  const s = state(kv);
  const hit = s.values.get(key);
  if (hit !== undefined) return hit as T;
  const stream = await kv.get(key, { type: "stream", cacheTtl: 3600 });
  if (stream === null) throw new MissingKey(key);
  let parsed: z.ZodSafeParseResult<T>;
  try {
    const raw = await new Response(stream.pipeThrough(new DecompressionStream("gzip"))).text();
    parsed = schema.safeParse(JSON.parse(raw));
  } catch {
    throw problem(503, FORMAT_MISMATCH, { retryAfter: 60 });
  }
  if (!parsed.success) {
    console.error(`value ${key} rejected`, parsed.error.issues.slice(0, 3));
    throw problem(503, FORMAT_MISMATCH, { retryAfter: 60 });
  }
  s.values.set(key, parsed.data);
  return parsed.data;
}

export interface Reader {
  manifest: Manifest;
  page(key: string): Promise<FeedPage>;
  shard(key: string): Promise<ArticleShard>;
}

/**
 * Runs `fn` against one consistent version of the corpus. If a key the
 * manifest names is missing, tries a freshly read manifest, then the previous
 * one; if none is complete, answers 503 rather than serve a partial feed.
 */
export async function withCorpus<T>(kv: KVNamespace, fn: (r: Reader) => Promise<T>): Promise<T> {
  const reader = (manifest: Manifest): Reader => ({
    manifest,
    page: (key) => readValue(kv, key, FeedPage),
    shard: (key) => readValue(kv, key, ArticleShard),
  });
  const first = await getManifest(kv);
  try {
    return await fn(reader(first));
  } catch (e) {
    if (!(e instanceof MissingKey)) throw e;
  }
  const tried = new Set([first.version]);
  const fresh = await getManifest(kv, true);
  const prevRaw = await kv.get(PREVIOUS_MANIFEST_KEY, "text");
  const candidates = [fresh];
  if (prevRaw) {
    try {
      candidates.push(parseManifest(prevRaw));
    } catch {
      // an unreadable previous manifest is no fallback
    }
  }
  for (const m of candidates) {
    if (tried.has(m.version)) continue;
    tried.add(m.version);
    try {
      return await fn(reader(m));
    } catch (e) {
      if (!(e instanceof MissingKey)) throw e;
    }
  }
  throw problem(503, "The corpus is being updated and is not complete in this location yet. Try again in a minute.", {
    retryAfter: 30,
  });
}
