/**
 * Garbage collection with a grace period (docs/store-layout.md): a key no
 * live version names is not deleted when a deploy first finds it so, since a
 * KV location may still be reading an older manifest. The deploy records when
 * it first saw each such key (the ledger, `v5/gc/<n>`, read only by deploys)
 * and deletes it at the first deploy at least `graceSeconds` later. Keys of
 * other store formats are retired only when asked (after the Worker of this
 * format is live), and then with the same grace.
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

export interface GcOptions {
  /** Now, in epoch ms. */
  now: number;
  graceSeconds?: number;
  /** Also retire keys of other store formats (once the Worker reading this format is live). */
  retireOtherFormats: boolean;
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface GcReport {
  /** Keys deleted (or, in a dry run, that would be). */
  deleted: string[];
  /** Keys no version names, waiting out the grace period. */
  pending: number;
}

async function readLedger(target: KvTarget, chunks: string[]): Promise<Map<string, number>> {
  const ledger = new Map<string, number>();
  for (const key of chunks) {
    const raw = await target.get(key);
    if (!raw) continue;
    try {
      for (const [k, since] of JSON.parse(raw) as [string, string][]) {
        const t = Date.parse(since);
        if (typeof k === "string" && !Number.isNaN(t)) ledger.set(k, t);
      }
    } catch {
      // an unreadable ledger chunk only delays deletion: its keys start their grace again
    }
  }
  return ledger;
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
  const chunks = listed.filter((k) => k.startsWith(GC_PREFIX)).sort();
  const before = await readLedger(target, chunks);
  const ledger = new Map<string, number>();
  const expired: string[] = [];
  for (const key of listed) {
    if (keep.has(key) || !collectable(key, opts.retireOtherFormats)) continue;
    const since = before.get(key) ?? opts.now;
    if (opts.now - since >= grace) expired.push(key);
    else ledger.set(key, since);
  }
  expired.sort();
  const entries = [...ledger].sort(([a], [b]) => (a < b ? -1 : 1));
  const values: string[] = [];
  for (let i = 0; i < entries.length; i += LEDGER_CHUNK)
    values.push(JSON.stringify(entries.slice(i, i + LEDGER_CHUNK).map(([k, t]) => [k, new Date(t).toISOString()])));
  const changed =
    values.length !== chunks.length ||
    (await Promise.all(values.map(async (v, i) => (await target.get(gcKey(i))) !== v))).some(Boolean);
  if (!opts.dryRun) {
    if (changed) {
      if (values.length) await target.putMany(values.map((value, i) => ({ key: gcKey(i), value })));
      const stale = chunks.filter((k) => !values.some((_, i) => gcKey(i) === k));
      if (stale.length) await target.deleteMany(stale);
    }
    for (let i = 0; i < expired.length; i += KV_LIMITS.bulkPairs) {
      await target.deleteMany(expired.slice(i, i + KV_LIMITS.bulkPairs));
      log(`  deleted ${Math.min(i + KV_LIMITS.bulkPairs, expired.length)}/${expired.length} keys no version names`);
    }
    if (ledger.size) log(`  ${ledger.size} keys no version names wait out their grace period before deletion`);
  }
  return { deleted: expired, pending: ledger.size };
}
