/**
 * Publishes a plan to a KV target so that readers never see half of it:
 * 1. compare with what is live; an unchanged corpus writes nothing;
 * 2. write the data keys the target lacks, in bulk batches;
 * 3. keep the live manifest as the previous one, then switch the manifest;
 * 4. delete data keys neither the new nor the previous manifest names.
 * A failure before step 3 leaves the live version untouched; running the
 * deploy again finishes the job (keys already written are not written twice).
 */
import { DATA_PREFIXES, KV_LIMITS, MANIFEST_KEY, PREVIOUS_MANIFEST_KEY } from "../schema/keys.js";
import { Manifest } from "../schema/store.js";
import type { KvEntry, KvTarget } from "./kv-target.js";
import { type Plan, referencedKeys } from "./plan.js";

/** Bytes per bulk request: well under the 100 MB the bulk API accepts. */
const BATCH_BYTES = 50 * 1024 * 1024;

export interface DeployReport {
  target: string;
  version: string;
  previousVersion: string | null;
  unchanged: boolean;
  dryRun: boolean;
  written: string[];
  writtenBytes: number;
  deleted: string[];
  /** Data keys of this version that the target already held. */
  reused: number;
  /** The manifest that was live before this deploy. */
  previous: Manifest | null;
}

export interface DeployOptions {
  dryRun?: boolean;
  log?: (line: string) => void;
}

function parseManifest(value: string | null): Manifest | null {
  if (value === null) return null;
  try {
    const parsed = Manifest.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Groups entries into bulk requests within KV's pair limit and a byte budget. */
export function batches(entries: readonly KvEntry[]): KvEntry[][] {
  const out: KvEntry[][] = [];
  let batch: KvEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = e.key.length + Buffer.byteLength(e.value) + 32;
    if (batch.length && (batch.length >= KV_LIMITS.bulkPairs || bytes + size > BATCH_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += size;
  }
  if (batch.length) out.push(batch);
  return out;
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

export async function deployPlan(plan: Plan, target: KvTarget, options: DeployOptions = {}): Promise<DeployReport> {
  const log = options.log ?? (() => {});
  const dryRun = options.dryRun ?? false;
  for (const [key, value] of plan.data) {
    if (Buffer.byteLength(key) > KV_LIMITS.keyBytes)
      throw new Error(`key ${key.slice(0, 40)}… is longer than KV's ${KV_LIMITS.keyBytes} bytes`);
    if (Buffer.byteLength(value) > KV_LIMITS.valueBytes)
      throw new Error(`value of ${key} is ${formatBytes(Buffer.byteLength(value))}, over KV's 25 MiB`);
  }
  const keys = new Set(await target.list(""));
  const liveValue = keys.has(MANIFEST_KEY) ? await target.get(MANIFEST_KEY) : null;
  const live = parseManifest(liveValue);
  const existing = new Set([...keys].filter((k) => DATA_PREFIXES.some((p) => k.startsWith(p))));

  const missing = [...plan.data.keys()].filter((k) => !existing.has(k));
  const sameVersion = live?.version === plan.manifest.version && liveValue === plan.manifestValue;
  const keep = referencedKeys(plan.manifest);
  // The version live now stays readable until the next deploy: isolates and KV
  // locations that still hold the old manifest keep finding its pages.
  const previous = sameVersion
    ? keys.has(PREVIOUS_MANIFEST_KEY)
      ? parseManifest(await target.get(PREVIOUS_MANIFEST_KEY))
      : null
    : live;
  if (previous) for (const k of referencedKeys(previous)) keep.add(k);
  const stale = [...existing].filter((k) => !keep.has(k)).sort();

  const report: DeployReport = {
    target: target.name,
    version: plan.manifest.version,
    previousVersion: live?.version ?? null,
    unchanged: sameVersion && missing.length === 0 && stale.length === 0,
    dryRun,
    written: [],
    writtenBytes: 0,
    deleted: [],
    reused: plan.data.size - missing.length,
    previous: live,
  };
  const writes: KvEntry[] = missing.map((key) => ({ key, value: plan.data.get(key) as string }));
  if (live && !sameVersion && liveValue !== null) writes.push({ key: PREVIOUS_MANIFEST_KEY, value: liveValue });
  const switchManifest = !sameVersion;

  if (dryRun) {
    report.written = [...writes.map((w) => w.key), ...(switchManifest ? [MANIFEST_KEY] : [])];
    report.writtenBytes =
      writes.reduce((n, w) => n + Buffer.byteLength(w.value), 0) +
      (switchManifest ? Buffer.byteLength(plan.manifestValue) : 0);
    report.deleted = stale;
    return report;
  }
  const groups = batches(writes);
  for (const [i, group] of groups.entries()) {
    await target.putMany(group);
    report.written.push(...group.map((g) => g.key));
    report.writtenBytes += group.reduce((n, g) => n + Buffer.byteLength(g.value), 0);
    log(`  wrote batch ${i + 1}/${groups.length}: ${group.length} keys (${report.written.length}/${writes.length})`);
  }
  if (switchManifest) {
    await target.putMany([{ key: MANIFEST_KEY, value: plan.manifestValue }]);
    report.written.push(MANIFEST_KEY);
    report.writtenBytes += Buffer.byteLength(plan.manifestValue);
    log(`  switched the manifest to version ${plan.manifest.version}`);
  }
  for (let i = 0; i < stale.length; i += KV_LIMITS.bulkPairs) {
    const group = stale.slice(i, i + KV_LIMITS.bulkPairs);
    await target.deleteMany(group);
    report.deleted.push(...group);
    log(`  deleted ${report.deleted.length}/${stale.length} keys of older versions`);
  }
  return report;
}
