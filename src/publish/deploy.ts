/**
 * Publishes a corpus to a KV target so that readers never see half of it
 * (docs/store-layout.md):
 * 0. take the deploy lock (lock.ts): one deploy at a time, renewed as it goes;
 * 1. list what the target holds (less what a recent clean-up deleted: the
 *    listing may lag) and read the live manifest and root;
 * 2. plan the new version, streaming: each data key the target lacks is
 *    written in bulk batches as the planner produces it (memory stays bounded);
 * 3. switch the manifest of this store format, last, and take what it names
 *    out of the clean-up's ledger;
 * 4. run `afterSwitch` (the CLI's `wrangler deploy`), still holding the lock;
 * 5. collect garbage (gc.ts): keys no version names are deleted only after a
 *    grace period counted from now, and keys of other formats only when asked to.
 * An unchanged corpus writes nothing. A failure before step 3 leaves the live
 * version untouched; running the deploy again finishes the job (keys already
 * written are not written twice).
 */
import { gunzipSync } from "node:zlib";
import type { Article } from "../schema/article.js";
import { KV_LIMITS, MANIFEST_KEY } from "../schema/keys.js";
import type { Layout } from "../schema/layout.js";
import { Manifest, Root } from "../schema/store.js";
import type { Topic } from "../schema/topic.js";
import { collectGarbage, forgetReferenced, GRACE_SECONDS, recentlyDeleted } from "./gc.js";
import type { KvTarget } from "./kv-target.js";
import { acquireLock, type Lock } from "./lock.js";
import { type Emit, type KvEntry, type Plan, type PlanResult, planCorpus } from "./plan.js";
import type { FirstSeen } from "./story-plan.js";
import type { StoryPlan } from "./story-store.js";

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
  /** Keys deleted (grace period over), or that a dry run would delete. */
  deleted: string[];
  /** Keys no version names, kept until their grace period is over. */
  pendingDeletion: number;
  /** Data keys of this version that the target already held. */
  reused: number;
  /** Every data key this version names. */
  keys: Set<string>;
  /** The root that was live before this deploy. */
  previous: Root | null;
  /** The root of this version. */
  root: Root;
  stats: PlanResult["stats"];
}

/** Which keys no version names the deploy collects: its own format's, every format's, or none (yet). */
export type Collect = "own-format" | "all" | "none";

export interface DeployOptions {
  dryRun?: boolean;
  log?: (line: string) => void;
  /** Most keys per bulk write (KV allows 10,000; tests use fewer to fail between batches). */
  batchPairs?: number;
  /** How long a new lock claim waits for KV to settle before it is read back. */
  lockSettleMs?: number;
  /** The deploy's clock (epoch ms): Last-Modified stamps, the manifest, the grace period. */
  now?: () => number;
  graceSeconds?: number;
  collect?: Collect;
  /** Runs after the switch, before garbage collection, under the lock (the CLI's `wrangler deploy`). */
  afterSwitch?: (report: DeployReport) => Promise<void>;
  layout?: Layout;
  siteFingerprint?: string;
  /** When Wirefeed first published each article (the date ledger), for story ids. */
  firstSeen?: FirstSeen;
  /** The stories, when already grouped (tests); otherwise the corpus is grouped as it is planned. */
  stories?: StoryPlan;
}

/** Produces the version's entries through `emit` and returns its root; `previous` is the live root. */
export type PlanSource = (emit: Emit, previous: Root | null, now: string) => Promise<PlanResult>;

function parseManifest(value: string | null): Manifest | null {
  if (value === null) return null;
  try {
    const parsed = Manifest.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function readRoot(target: KvTarget, key: string): Promise<Root | null> {
  const bytes = await target.getBytes(key);
  if (!bytes) return null;
  try {
    const parsed = Root.safeParse(JSON.parse(gunzipSync(bytes).toString("utf8")));
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
    /** Before each bulk write: the deploy still holds its lock (and renews it). */
    readonly beforeWrite: () => Promise<void> = async () => {},
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
    if (!this.dryRun) {
      await this.beforeWrite();
      await this.target.putMany(batch);
    }
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
  const clock = options.now ?? Date.now;
  const now = clock();
  const listed = await target.list("");
  // what KV lists but a recent clean-up deleted is written again: listings lag behind deletes
  const deleted = await recentlyDeleted(target, listed);
  const existing = new Set(listed.filter((k) => !deleted.has(k)));
  const live = existing.has(MANIFEST_KEY) ? parseManifest(await target.get(MANIFEST_KEY)) : null;
  const previous = live ? await readRoot(target, live.root) : null;

  const writer = new BatchWriter(target, dryRun, log, options.batchPairs, async () => lock?.renew());
  const keys = new Set<string>();
  let reused = 0;
  const plan = await source(
    async (e) => {
      if (keys.has(e.key)) return;
      keys.add(e.key);
      if (Buffer.byteLength(e.key) > KV_LIMITS.keyBytes)
        throw new Error(`key ${e.key.slice(0, 40)}… is longer than KV's ${KV_LIMITS.keyBytes} bytes`);
      if (size(e.value) > KV_LIMITS.valueBytes)
        throw new Error(`value of ${e.key} is ${formatBytes(size(e.value))}, over KV's 25 MiB`);
      if (existing.has(e.key)) reused++;
      else await writer.add(e);
    },
    previous,
    new Date(now).toISOString(),
  );
  await writer.flush();
  const sameVersion = live?.version === plan.version;

  const report: DeployReport = {
    target: target.name,
    version: plan.version,
    previousVersion: live?.version ?? null,
    unchanged: false,
    dryRun,
    written: writer.written,
    writtenBytes: writer.writtenBytes,
    deleted: [],
    pendingDeletion: 0,
    reused,
    keys,
    previous,
    root: plan.root,
    stats: plan.stats,
  };
  if (!sameVersion) {
    const manifest: Manifest = {
      format: plan.root.format,
      version: plan.version,
      root: plan.rootKey,
      publishedAt: new Date(now).toISOString(),
      previous: live ? { version: live.version, root: live.root } : null,
    };
    const value = JSON.stringify(manifest);
    if (!dryRun) {
      // still ours? a deploy that lost its lock must not switch what readers see
      await lock?.check();
      await target.putMany([{ key: MANIFEST_KEY, value }]);
      log(`  switched the manifest to version ${plan.version}`);
    }
    report.written.push(MANIFEST_KEY);
    report.writtenBytes += Buffer.byteLength(value);
  }
  // what this version names is no longer waiting to be deleted, whether or not this deploy collects
  if (!dryRun) await forgetReferenced(target, keys, listed);
  if (options.afterSwitch) await options.afterSwitch(report);
  const collect = options.collect ?? "own-format";
  if (collect !== "none") {
    const gc = await collectGarbage(target, keys, {
      // the grace period runs from now, when this version is live (and, after afterSwitch, its Worker)
      now: clock(),
      graceSeconds: options.graceSeconds ?? GRACE_SECONDS,
      retireOtherFormats: collect === "all",
      dryRun,
      log,
      beforeDelete: async () => lock?.renew(),
    });
    report.deleted = gc.deleted;
    report.pendingDeletion = gc.pending;
  }
  report.unchanged = sameVersion && report.written.length === 0 && report.deleted.length === 0;
  return report;
}

/** Publishes a corpus: plans it (against the live root, for Last-Modified) while writing. */
export function deployCorpus(
  articles: readonly Article[],
  topics: readonly Topic[],
  target: KvTarget,
  options: DeployOptions = {},
) {
  return deploy(
    (emit, previous, now) =>
      planCorpus(articles, topics, emit, {
        previous,
        now,
        ...(options.layout ? { layout: options.layout } : {}),
        ...(options.siteFingerprint !== undefined ? { siteFingerprint: options.siteFingerprint } : {}),
        ...(options.firstSeen ? { firstSeen: options.firstSeen } : {}),
        ...(options.stories ? { stories: options.stories } : {}),
      }),
    target,
    options,
  );
}

/** Publishes a plan already held in memory (its Last-Modified stamps are its own). */
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
