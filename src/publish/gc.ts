/**
 * Garbage collection with a grace period (docs/store-layout.md): a key no
 * live version names is not deleted when a deploy first finds it so, since a
 * KV location may still be reading an older manifest. The deploy records when
 * it first saw each such key (the ledger, `v5/gc/<n>`, read only by deploys)
 * and deletes it at the first deploy at least `graceSeconds` later. A key a
 * version names again leaves the ledger at that version's switch, whether or
 * not the deploy goes on to collect. Deleted keys stay in the ledger for the
 * grace period too, as tombstones: KV's listing is eventually consistent and
 * may still show them, and a deploy must write such a key again rather than
 * count on it. Keys of other store formats are retired only when asked
 * (after the Worker reading this format is live), and then with the same grace.
 */
import {
  DEPLOY_LOCK_KEY,
  formatPrefix,
  GC_PREFIX,
  gcKey,
  KV_LIMITS,
  MANIFEST_KEY,
  STORE_FORMAT,
} from "../schema/keys.js";
import type { KvTarget } from "./kv-target.js";

/** Twice the longest cacheTtl the Worker reads with (an hour): well past any cached manifest. */
export const GRACE_SECONDS = 2 * 3600;

/** Ledger entries per value: a few MiB each, far under KV's 25 MiB. */
const LEDGER_CHUNK = 50_000;

type Entry = [key: string, since: string, state?: "deleted"];

/** The ledger as stored: keys waiting out their grace period, and keys deleted within it. */
class Ledger {
  pending = new Map<string, number>();
  deleted = new Map<string, number>();
  #stored: string[] = [];

  private constructor(readonly chunkKeys: string[]) {}

  static async load(target: KvTarget, listed: readonly string[]): Promise<Ledger> {
    const ledger = new Ledger(listed.filter((k) => k.startsWith(GC_PREFIX)).sort());
    for (const key of ledger.chunkKeys) {
      const raw = await target.get(key);
      ledger.#stored.push(raw ?? "");
      if (!raw) continue;
      try {
        for (const [k, since, state] of JSON.parse(raw) as Entry[]) {
          const t = Date.parse(since);
          if (typeof k === "string" && !Number.isNaN(t))
            (state === "deleted" ? ledger.deleted : ledger.pending).set(k, t);
        }
      } catch {
        // an unreadable ledger chunk only delays deletion: its keys start their grace again
      }
    }
    return ledger;
  }

  /** Writes what changed (and removes chunks no longer needed). */
  async save(target: KvTarget): Promise<void> {
    const entries: Entry[] = [
      ...[...this.pending].map(([k, t]): Entry => [k, new Date(t).toISOString()]),
      ...[...this.deleted].map(([k, t]): Entry => [k, new Date(t).toISOString(), "deleted"]),
    ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const values: string[] = [];
    for (let i = 0; i < entries.length; i += LEDGER_CHUNK)
      values.push(JSON.stringify(entries.slice(i, i + LEDGER_CHUNK)));
    const changed = values.length !== this.#stored.length || values.some((v, i) => v !== this.#stored[i]);
    if (!changed) return;
    const writes = values.map((value, i) => ({ key: gcKey(i), value })).filter((w, i) => w.value !== this.#stored[i]);
    if (writes.length) await target.putMany(writes);
    const stale = this.chunkKeys.filter((k) => !values.some((_, i) => gcKey(i) === k));
    if (stale.length) await target.deleteMany(stale);
    this.#stored = values;
  }
}

/** Keys deleted within the grace period: a deploy writes them again even if KV still lists them. */
export async function recentlyDeleted(target: KvTarget, listed: readonly string[]): Promise<Set<string>> {
  return new Set((await Ledger.load(target, listed)).deleted.keys());
}

/** Takes the keys a version names out of the ledger: their grace starts again when a later version drops them. */
export async function forgetReferenced(target: KvTarget, keys: ReadonlySet<string>, listed: readonly string[]) {
  if (!listed.some((k) => k.startsWith(GC_PREFIX))) return;
  const ledger = await Ledger.load(target, listed);
  for (const k of keys) ledger.pending.delete(k);
  await ledger.save(target);
}

export interface GcOptions {
  /** Now, in epoch ms: when this deploy's version went live. */
  now: number;
  graceSeconds?: number;
  /** Also retire keys of other store formats (once the Worker reading this format is live). */
  retireOtherFormats: boolean;
  dryRun?: boolean;
  log?: (line: string) => void;
  /** Called before anything is deleted (the deploy checks it still holds its lock). */
  beforeDelete?: () => Promise<void>;
}

export interface GcReport {
  /** Keys deleted (or, in a dry run, that would be). */
  deleted: string[];
  /** Keys no version names, waiting out the grace period. */
  pending: number;
}

/** Whether the deploy may ever delete this key (its own bookkeeping and the live manifest never). */
function collectable(key: string, retireOtherFormats: boolean): boolean {
  if (key === MANIFEST_KEY || key === DEPLOY_LOCK_KEY || key.startsWith(GC_PREFIX)) return false;
  return retireOtherFormats || key.startsWith(formatPrefix(STORE_FORMAT));
}

/** Deletes the keys `keep` does not hold whose grace has run out; records the others. */
export async function collectGarbage(target: KvTarget, keep: ReadonlySet<string>, opts: GcOptions): Promise<GcReport> {
  const grace = (opts.graceSeconds ?? GRACE_SECONDS) * 1000;
  const log = opts.log ?? (() => {});
  const listed = await target.list("");
  const ledger = await Ledger.load(target, listed);
  const pending = new Map<string, number>();
  const expired: string[] = [];
  for (const key of listed) {
    if (keep.has(key) || !collectable(key, opts.retireOtherFormats)) continue;
    const since = ledger.pending.get(key) ?? opts.now;
    if (opts.now - since >= grace) expired.push(key);
    else pending.set(key, since);
  }
  expired.sort();
  if (opts.dryRun) return { deleted: expired, pending: pending.size };
  ledger.pending = pending;
  // a key listed again is no tombstone (a deploy wrote it back, or KV still lists it: it waits again)
  for (const k of pending.keys()) ledger.deleted.delete(k);
  for (const [k, t] of ledger.deleted) if (opts.now - t >= grace || keep.has(k)) ledger.deleted.delete(k);
  for (const k of expired) ledger.deleted.set(k, opts.now);
  // tombstones first: if the deletes fail half way, the next deploy still writes these keys again
  await opts.beforeDelete?.();
  await ledger.save(target);
  for (let i = 0; i < expired.length; i += KV_LIMITS.bulkPairs) {
    await target.deleteMany(expired.slice(i, i + KV_LIMITS.bulkPairs));
    log(`  deleted ${Math.min(i + KV_LIMITS.bulkPairs, expired.length)}/${expired.length} keys no version names`);
  }
  if (pending.size) log(`  ${pending.size} keys no version names wait out their grace period before deletion`);
  return { deleted: expired, pending: pending.size };
}
