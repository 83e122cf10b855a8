/**
 * Publishes a corpus to a KV target so that readers never see half of it:
 * 0. take the deploy lock (lock.ts): one deploy at a time;
 * 1. list what the target holds and read the live manifest;
 * 2. plan the new version, streaming: each data key the target lacks is
 *    written in bulk batches as the planner produces it (memory stays bounded);
 * 3. keep the live manifest as the previous one, then switch the manifest;
 * 4. delete data keys neither the new nor the previous manifest names.
 * An unchanged corpus writes nothing. A failure before step 3 leaves the live
 * version untouched; running the deploy again finishes the job (keys already
 * written are not written twice).
 */
import type { Article } from "../schema/article.js";
import { DATA_PREFIXES, KV_LIMITS, MANIFEST_KEY, PREVIOUS_MANIFEST_KEY } from "../schema/keys.js";
import { Manifest } from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import type { KvTarget } from "./kv-target.js";
import { acquireLock, type Lock } from "./lock.js";
import { type Emit, type KvEntry, type Plan, type PlanResult, planCorpus, referencedKeys } from "./plan.js";

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
  /** Data keys this version names. */
  dataKeys: number;
  /** The manifest that was live before this deploy. */
  previous: Manifest | null;
  /** The manifest of this version. */
  manifest: Manifest;
}

export interface DeployOptions {
  dryRun?: boolean;
  log?: (line: string) => void;
  /** Most keys per bulk write (KV allows 10,000; tests use fewer to fail between batches). */
  batchPairs?: number;
  /** How long a new lock claim waits for KV to settle before it is read back. */
  lockSettleMs?: number;
}

/** Produces the version's entries through `emit` and returns its manifest. */
export type PlanSource = (emit: Emit) => Promise<PlanResult>;

function parseManifest(value: string | null): Manifest | null {
  if (value === null) return null;
  try {
    const parsed = Manifest.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const size = (v: string | Uint8Array): number => (typeof v === "string" ? Buffer.byteLength(v) : v.byteLength);

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

/** Collects entries into bulk requests within KV's pair limit and a byte budget, and writes them. */
class BatchWriter {
  #batch: KvEntry[] = [];
  #bytes = 0;
  #batches = 0;
  written: string[] = [];
  writtenBytes = 0;

  constructor(
    readonly target: KvTarget,
    readonly dryRun: boolean,
    readonly log: (line: string) => void,
    readonly maxPairs: number = KV_LIMITS.bulkPairs,
  ) {}

  async add(e: KvEntry): Promise<void> {
    const n = size(e.value) + e.key.length + 32;
    if (this.#batch.length && (this.#batch.length >= this.maxPairs || this.#bytes + n > BATCH_BYTES))
      await this.flush();
    this.#batch.push(e);
    this.#bytes += n;
  }

  async flush(): Promise<void> {
    if (!this.#batch.length) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#bytes = 0;
    if (!this.dryRun) await this.target.putMany(batch);
    this.written.push(...batch.map((b) => b.key));
    this.writtenBytes += batch.reduce((t, b) => t + size(b.value), 0);
    this.#batches++;
    if (!this.dryRun)
      this.log(
        `  wrote batch ${this.#batches}: ${batch.length} keys (${this.written.length} so far, ${formatBytes(this.writtenBytes)})`,
      );
  }
}

export async function deploy(source: PlanSource, target: KvTarget, options: DeployOptions = {}): Promise<DeployReport> {
  if (options.dryRun) return publish(source, target, options, null);
  const lock = await acquireLock(target, { settleMs: options.lockSettleMs });
  try {
    return await publish(source, target, options, lock);
  } finally {
    await lock.release();
  }
}

async function publish(
  source: PlanSource,
  target: KvTarget,
  options: DeployOptions,
  lock: Lock | null,
): Promise<DeployReport> {
  const log = options.log ?? (() => {});
  const dryRun = options.dryRun ?? false;
  const keys = new Set(await target.list(""));
  const liveValue = keys.has(MANIFEST_KEY) ? await target.get(MANIFEST_KEY) : null;
  const live = parseManifest(liveValue);
  const existing = new Set([...keys].filter((k) => DATA_PREFIXES.some((p) => k.startsWith(p))));

  const writer = new BatchWriter(target, dryRun, log, options.batchPairs);
  const seen = new Set<string>();
  let reused = 0;
  const plan = await source(async (e) => {
    if (seen.has(e.key)) return;
    seen.add(e.key);
    if (Buffer.byteLength(e.key) > KV_LIMITS.keyBytes)
      throw new Error(`key ${e.key.slice(0, 40)}… is longer than KV's ${KV_LIMITS.keyBytes} bytes`);
    if (size(e.value) > KV_LIMITS.valueBytes)
      throw new Error(`value of ${e.key} is ${formatBytes(size(e.value))}, over KV's 25 MiB`);
    if (existing.has(e.key)) reused++;
    else await writer.add(e);
  });
  const sameVersion = live?.version === plan.manifest.version && liveValue === plan.manifestValue;
  if (live && !sameVersion && liveValue !== null) await writer.add({ key: PREVIOUS_MANIFEST_KEY, value: liveValue });
  await writer.flush();

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
    unchanged: sameVersion && writer.written.length === 0 && stale.length === 0,
    dryRun,
    written: writer.written,
    writtenBytes: writer.writtenBytes,
    deleted: [],
    reused,
    dataKeys: seen.size,
    previous: live,
    manifest: plan.manifest,
  };
  if (!sameVersion) {
    if (!dryRun) {
      // still ours? a deploy that lost its lock must not switch what readers see
      await lock?.check();
      await target.putMany([{ key: MANIFEST_KEY, value: plan.manifestValue }]);
      log(`  switched the manifest to version ${plan.manifest.version}`);
    }
    report.written.push(MANIFEST_KEY);
    report.writtenBytes += Buffer.byteLength(plan.manifestValue);
  }
  for (let i = 0; i < stale.length; i += KV_LIMITS.bulkPairs) {
    const group = stale.slice(i, i + KV_LIMITS.bulkPairs);
    if (!dryRun) await target.deleteMany(group);
    report.deleted.push(...group);
    if (!dryRun) log(`  deleted ${report.deleted.length}/${stale.length} keys of older versions`);
  }
  return report;
}

/** Publishes a corpus: plans it while writing. */
export function deployCorpus(
  articles: readonly Article[],
  topics: readonly Topic[],
  target: KvTarget,
  options: DeployOptions = {},
) {
  return deploy((emit) => planCorpus(articles, topics, emit), target, options);
}

/** Publishes a plan already held in memory. */
export function deployPlan(plan: Plan, target: KvTarget, options: DeployOptions = {}) {
  return deploy(
    async (emit) => {
      for (const [key, value] of plan.data) await emit({ key, value });
      return plan;
    },
    target,
    options,
  );
}
