/**
 * The isolate's one memory: every in-isolate cache (KV values read and
 * decoded, rendered representations, the warm path's answers, feed-item
 * fragments) shares one LRU with one byte budget, so together they stay
 * within BUDGET_BYTES of the 128 MB an isolate has. Each entry is keyed by
 * everything it depends on (a content-addressed key, a version, the topic
 * names, the request's origin…), so nothing stale is ever served from here;
 * entries only age out. The live root (held by store.ts, at most two per
 * namespace) is the one thing kept outside, and it is small beside this.
 */
import { Lru } from "./lru.js";

/** What the cache may hold, in bytes (estimated for decoded values). */
export const BUDGET_BYTES = 40 * 1024 * 1024;

export type CacheKind = "value" | "render" | "warm" | "fragment";

interface Entry {
  value: unknown;
  bytes: number;
}

const lru = new Lru<Entry>({
  maxEntries: Number.POSITIVE_INFINITY,
  maxBytes: BUDGET_BYTES,
  sizeOf: (entry, key) => entry.bytes + key.length * 2 + 64,
});

const keyOf = (kind: CacheKind, key: string): string => `${kind}\n${key}`;

export const cache = {
  get<T>(kind: CacheKind, key: string): T | undefined {
    return lru.get(keyOf(kind, key))?.value as T | undefined;
  },
  /** Keeps `value`, counted as `bytes` (an entry over a quarter of the budget is not kept). */
  set(kind: CacheKind, key: string, value: unknown, bytes: number): void {
    lru.set(keyOf(kind, key), { value, bytes });
  },
  delete(kind: CacheKind, key: string): void {
    lru.delete(keyOf(kind, key));
  },
  /** Forgets everything (what a new isolate starts with; for the benchmark's cold requests). */
  clear(): void {
    lru.clear();
  },
  /** Bytes held now (for tests and the benchmark). */
  get bytes(): number {
    return lru.bytes;
  },
};
