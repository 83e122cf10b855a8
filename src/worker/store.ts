/**
 * Reads the published corpus from KV (docs/store-layout.md). The manifest is
 * kept in the isolate and re-read at most every MANIFEST_RECHECK_MS (1 s);
 * a root is read and checked once per version. Every other value is
 * immutable (its key is its content's hash), so it is read, checked against
 * its schema, decoded once per isolate and kept in the one cache (cache.ts).
 * Reads go out in bulk, up to 100 keys a round trip. When the manifest names
 * a key KV does not have (a deploy in progress elsewhere, or KV's eventual
 * consistency), the request is retried on a fresh manifest and then on the
 * previous version: never a broken feed.
 */
import type { z } from "zod";
import { Article } from "../schema/article.js";
import {
  ARTICLE_PREFIX,
  ITEM_PREFIX,
  KEYS_PREFIX,
  KV_LIMITS,
  LEGACY_MANIFEST_KEYS,
  MANIFEST_KEY,
  PART_PREFIX,
  SEGMENT_PREFIX,
  SLUGS_PREFIX,
} from "../schema/keys.js";
import { CorruptValue, decodePart, fromBase64, type TermRecord } from "../schema/postings.js";
import { FeedItem, Manifest, Root, SegmentKeys, SegmentRows, SlugBucket, STORE_FORMAT } from "../schema/store.js";
import { cache } from "./cache.js";
import { problem } from "./problem.js";
import { RootView } from "./root-view.js";

const DEFAULT_RECHECK_MS = 1000;
/** Values are immutable: a KV location may keep them for an hour (the deploy's grace period is twice that). */
const VALUE_CACHE_TTL = 3600;

class MissingKey extends Error {}

interface IsolateState {
  manifest: Manifest | null;
  manifestRaw: string | null;
  checkedAt: number;
  /** Views of the live root and of the previous one, by root key. */
  roots: Map<string, RootView>;
}

const states = new WeakMap<KVNamespace, IsolateState>();

function state(kv: KVNamespace): IsolateState {
  let s = states.get(kv);
  if (!s) {
    s = { manifest: null, manifestRaw: null, checkedAt: Number.NEGATIVE_INFINITY, roots: new Map() };
    states.set(kv, s);
  }
  return s;
}

/** What the store needs of the Worker's environment. */
export type StoreEnv = Pick<Env, "FEEDS" | "MANIFEST_RECHECK_MS">;

const recheckMs = (env: StoreEnv): number => {
  const n = Number(env.MANIFEST_RECHECK_MS);
  return env.MANIFEST_RECHECK_MS !== undefined && env.MANIFEST_RECHECK_MS !== "" && Number.isFinite(n)
    ? n
    : DEFAULT_RECHECK_MS;
};

const NOT_DEPLOYED =
  "No corpus has been published yet. Run `npm run deploy` to publish it to Cloudflare, or `npm start` (which runs `npm run deploy -- --local`) to serve it locally.";
const FORMAT_MISMATCH =
  "The published corpus was written by a different version of Wirefeed than this Worker. Publish the corpus and the Worker together with `npm run deploy`.";

const unreadable = (what: string, detail?: unknown) => {
  console.error(`${what} rejected (expected store format ${STORE_FORMAT})`, detail ?? "");
  return problem(503, FORMAT_MISMATCH, { retryAfter: 60 });
};

function checked<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw unreadable(what, parsed.error.issues.slice(0, 3));
  return parsed.data;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unreadable(what);
  }
}

async function gunzipJson(bytes: ArrayBuffer, what: string): Promise<unknown> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  } catch {
    throw unreadable(what);
  }
}

/** The live manifest, re-read from KV at most every MANIFEST_RECHECK_MS (or now, with `force`). */
export async function getManifest(env: StoreEnv, force = false): Promise<Manifest> {
  const s = state(env.FEEDS);
  const now = Date.now();
  if (!force && s.manifest && now - s.checkedAt < recheckMs(env)) return s.manifest;
  const raw = await env.FEEDS.get(MANIFEST_KEY, "text");
  s.checkedAt = now;
  if (raw === null) {
    s.manifest = null;
    s.manifestRaw = null;
    // a corpus of an older store format: published, but not for this Worker
    const legacy = await env.FEEDS.get(LEGACY_MANIFEST_KEYS.slice(0, 2), "text");
    const published = [...legacy.values()].some((v) => v !== null);
    throw problem(503, published ? FORMAT_MISMATCH : NOT_DEPLOYED, { retryAfter: 60 });
  }
  if (raw !== s.manifestRaw || !s.manifest) {
    s.manifest = checked(Manifest, parseJson(raw, "manifest"), "manifest");
    s.manifestRaw = raw;
  }
  return s.manifest;
}

/** A root, read and checked once per isolate (the live one and the previous one are kept). */
async function rootView(env: StoreEnv, version: string, key: string): Promise<RootView> {
  const s = state(env.FEEDS);
  const known = s.roots.get(key);
  if (known) return known;
  const bytes = await env.FEEDS.get(key, { type: "arrayBuffer", cacheTtl: VALUE_CACHE_TTL });
  if (bytes === null) throw new MissingKey(key);
  const view = new RootView(version, checked(Root, await gunzipJson(bytes, "root"), "root"));
  const keep = new Set([s.manifest?.root, s.manifest?.previous?.root, key]);
  for (const k of s.roots.keys()) if (!keep.has(k)) s.roots.delete(k);
  s.roots.set(key, view);
  return view;
}

/** The key (content address) each decoded value was read under: what caches of things made from it are keyed by. */
const contentKeys = new WeakMap<object, string>();
export const contentKeyOf = (value: object): string | undefined => contentKeys.get(value);

/** What a bulk read returns for each kind of key: decoded, checked, and its size for the cache. */
type Decoded = TermRecord[] | SegmentRows | string[] | FeedItem | SlugBucket;

function decode(key: string, text: string): { value: Decoded; bytes: number } {
  if (key.startsWith(PART_PREFIX)) {
    try {
      const records = decodePart(fromBase64(text));
      const postings = records.reduce((n, r) => n + r.postings.length, 0);
      // the decoded bytes, and each posting's object and view (about 160 bytes in V8)
      return { value: records, bytes: text.length + postings * 160 };
    } catch (e) {
      if (e instanceof CorruptValue) throw unreadable(`index part ${key}`, e.message);
      throw e;
    }
  }
  const json = parseJson(text, key);
  const bytes = text.length * 3;
  if (key.startsWith(ITEM_PREFIX)) return { value: checked(FeedItem, json, key), bytes };
  if (key.startsWith(SEGMENT_PREFIX)) return { value: checked(SegmentRows, json, key), bytes };
  if (key.startsWith(KEYS_PREFIX)) return { value: checked(SegmentKeys, json, key), bytes };
  if (key.startsWith(SLUGS_PREFIX)) return { value: checked(SlugBucket, json, key), bytes };
  throw new Error(`no reader for key ${key}`);
}

/** One consistent version of the corpus. */
export interface Corpus {
  view: RootView;
  /** The values of `keys`: what the isolate has not read before goes out in one round trip (per 100 keys). */
  read(keys: readonly string[]): Promise<Map<string, Decoded>>;
  /** One article record (gzip JSON): one round trip, once per isolate. */
  article(key: string): Promise<Article>;
}

function corpusOf(env: StoreEnv, view: RootView): Corpus {
  const kv = env.FEEDS;
  return {
    view,
    async read(keys) {
      const out = new Map<string, Decoded>();
      const missing: string[] = [];
      for (const k of new Set(keys)) {
        const hit = cache.get<Decoded>("value", k);
        if (hit !== undefined) out.set(k, hit);
        else missing.push(k);
      }
      for (let i = 0; i < missing.length; i += KV_LIMITS.bulkReadKeys) {
        const batch = missing.slice(i, i + KV_LIMITS.bulkReadKeys);
        const values = await kv.get(batch, { type: "text", cacheTtl: VALUE_CACHE_TTL });
        for (const k of batch) {
          const text = values.get(k);
          if (text === null || text === undefined) throw new MissingKey(k);
          const { value, bytes } = decode(k, text);
          contentKeys.set(value, k);
          cache.set("value", k, value, bytes);
          out.set(k, value);
        }
      }
      return out;
    },
    async article(key) {
      if (!key.startsWith(ARTICLE_PREFIX)) throw new Error(`not an article key: ${key}`);
      const hit = cache.get<Article>("value", key);
      if (hit) return hit;
      const bytes = await kv.get(key, { type: "arrayBuffer", cacheTtl: VALUE_CACHE_TTL });
      if (bytes === null) throw new MissingKey(key);
      const article = checked(Article, await gunzipJson(bytes, key), key);
      cache.set("value", key, article, bytes.byteLength * 6);
      return article;
    },
  };
}

/** The live version's view (for cache keys and warm checks), or null when none is readable. */
export async function liveVersion(env: StoreEnv): Promise<string | null> {
  try {
    return (await getManifest(env)).version;
  } catch {
    return null;
  }
}

/**
 * Runs `fn` against one consistent version of the corpus. If a key the
 * manifest names is missing, tries a freshly read manifest, then the previous
 * version; if none is complete, answers 503 rather than serve a partial feed.
 */
export async function withCorpus<T>(env: StoreEnv, fn: (c: Corpus) => Promise<T>): Promise<T> {
  const first = await getManifest(env);
  const attempt = async (version: string, root: string) => fn(corpusOf(env, await rootView(env, version, root)));
  try {
    return await attempt(first.version, first.root);
  } catch (e) {
    if (!(e instanceof MissingKey)) throw e;
  }
  const tried = new Set([first.version]);
  const fresh = await getManifest(env, true);
  const candidates = [{ version: fresh.version, root: fresh.root }];
  if (fresh.previous) candidates.push(fresh.previous);
  if (first.previous) candidates.push(first.previous);
  for (const c of candidates) {
    if (tried.has(c.version)) continue;
    tried.add(c.version);
    try {
      return await attempt(c.version, c.root);
    } catch (e) {
      if (!(e instanceof MissingKey)) throw e;
    }
  }
  throw problem(503, "The corpus is being updated and is not complete in this location yet. Try again in a minute.", {
    retryAfter: 30,
  });
}
