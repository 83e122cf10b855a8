/**
 * Faults during a deploy, with the real Worker reading the same KV: writes
 * that fail after some batches, a failed manifest switch, a failed clean-up,
 * two deploys at once. Through all of them the Worker serves one complete
 * version (the old or the new, never a mix), and running the deploy again
 * finishes the job.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import type { KvTarget } from "../../src/publish/kv-target.js";
import { acquireLock, DeployLocked } from "../../src/publish/lock.js";
import { type Plan, planInMemory } from "../../src/publish/plan.js";
import type { Article } from "../../src/schema/article.js";
import { DEPLOY_LOCK_KEY, formatPrefix, GC_PREFIX, MANIFEST_KEY, STORE_FORMAT } from "../../src/schema/keys.js";
import { buildFixture } from "../support/corpus.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

let worker: RunningWorker;
let v1: Plan;
let v2: Plan;
let articles: Article[];
/** Small batches, so a failure can fall between them; no grace period, so clean-up happens at once. */
const FAST = { lockSettleMs: 0, batchPairs: 3, graceSeconds: 0 };

beforeAll(async () => {
  worker = await startWorker();
  const fixture = await buildFixture();
  articles = fixture.corpus.articles;
  v1 = fixture.plan;
  const changed = articles.map((a) => ({
    ...a,
    title: `${a.title} (v2)`,
    updated: "2026-02-01T00:00:00.000Z",
    contentHash: "2".repeat(64),
  }));
  v2 = await planInMemory(changed, fixture.corpus.topics);
});
afterAll(() => worker?.close());

beforeEach(async () => {
  const keys = await worker.kv.list("");
  if (keys.length) await worker.kv.deleteMany(keys);
  await deployPlan(v1, worker.kv, FAST);
});

/** Which version the Worker serves: every title of the JSON feed must come from one of them. */
async function servedVersion(): Promise<"v1" | "v2"> {
  const res = await fetch(new URL(`/feed.json?limit=100&probe=${Math.random()}`, worker.url));
  expect(res.status).toBe(200);
  const feed = (await res.json()) as { items: { title: string }[] };
  expect(feed.items).toHaveLength(articles.length);
  const v2Titles = feed.items.filter((i) => i.title.endsWith("(v2)")).length;
  expect([0, articles.length], "a mix of versions").toContain(v2Titles);
  return v2Titles ? "v2" : "v1";
}

/** A target that fails the n-th bulk write, or the manifest switch, or the clean-up. */
function failing(inner: KvTarget, fail: { afterBatches?: number; onManifest?: boolean; onDelete?: boolean }): KvTarget {
  let batches = 0;
  return {
    name: inner.name,
    get: (k) => inner.get(k),
    getBytes: (k) => inner.getBytes(k),
    list: (p) => inner.list(p),
    async putMany(entries) {
      const keys = entries.map((e) => e.key);
      if (!keys.includes(DEPLOY_LOCK_KEY)) {
        if (fail.onManifest && keys.includes(MANIFEST_KEY)) throw new Error("injected failure: manifest switch");
        if (fail.afterBatches !== undefined && ++batches > fail.afterBatches)
          throw new Error(`injected failure after ${fail.afterBatches} batches`);
      }
      await inner.putMany(entries);
    },
    async deleteMany(keys) {
      if (fail.onDelete && keys.some((k) => k.startsWith(formatPrefix(STORE_FORMAT)) && !k.startsWith(GC_PREFIX)))
        throw new Error("injected failure: clean-up");
      await inner.deleteMany(keys);
    },
  };
}

describe("a deploy that fails", () => {
  for (const afterBatches of [0, 1, 2]) {
    it(`after ${afterBatches} batch(es) of writes leaves v1 serving whole; running again publishes v2`, async () => {
      await expect(deployPlan(v2, failing(worker.kv, { afterBatches }), FAST)).rejects.toThrow(/injected failure/);
      expect(await servedVersion()).toBe("v1");
      expect(await worker.kv.get(DEPLOY_LOCK_KEY)).toBeNull(); // the lock is released even on failure
      await deployPlan(v2, worker.kv, FAST);
      expect(await servedVersion()).toBe("v2");
    });
  }

  it("on the manifest switch leaves v1 serving whole; running again publishes v2", async () => {
    await expect(deployPlan(v2, failing(worker.kv, { onManifest: true }), FAST)).rejects.toThrow(/manifest switch/);
    expect(await servedVersion()).toBe("v1");
    const again = await deployPlan(v2, worker.kv, FAST);
    expect(again.written).toEqual([MANIFEST_KEY]); // the data was written by the failed run already
    expect(await servedVersion()).toBe("v2");
  });

  it("while cleaning up serves v2 whole; running again removes what is left", async () => {
    await deployPlan(v2, worker.kv, FAST);
    const v3 = await planInMemory(
      articles.map((a) => ({
        ...a,
        title: `${a.title} (v2)`,
        summary: `${a.summary} (v3)`,
        contentHash: "3".repeat(64),
      })),
      (await buildFixture()).corpus.topics,
    );
    await expect(deployPlan(v3, failing(worker.kv, { onDelete: true }), FAST)).rejects.toThrow(/clean-up/);
    // v1's keys went with the v2 deploy (no grace period here); v2's are what the failed clean-up left
    const onlyV2 = [...v2.data.keys()].filter((k) => !v3.data.has(k));
    expect(onlyV2.length).toBeGreaterThan(0);
    for (const k of onlyV2) expect(await worker.kv.get(k), k).not.toBeNull();
    expect(await servedVersion()).toBe("v2");
    const again = await deployPlan(v3, worker.kv, FAST);
    expect(again.deleted.sort()).toEqual([...onlyV2].sort());
  });
});

describe("two deploys at once", () => {
  it("one publishes, the other stops with a message naming the holder; the Worker serves one whole version", async () => {
    const results = await Promise.allSettled([
      deployPlan(v2, worker.kv, { lockSettleMs: 300 }),
      deployPlan(v2, worker.kv, { lockSettleMs: 300 }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(DeployLocked);
    expect(String(refused[0]?.reason.message)).toMatch(/another deploy|claimed this namespace/);
    expect(await servedVersion()).toBe("v2");
  });

  it("a deploy that finds a fresh lock stops at once, saying who holds it and until when", async () => {
    await worker.kv.putMany([
      {
        key: DEPLOY_LOCK_KEY,
        value: JSON.stringify({ token: "t", owner: "ci-runner pid 1", startedAt: new Date().toISOString() }),
      },
    ]);
    await expect(deployPlan(v2, worker.kv, FAST)).rejects.toThrow(/ci-runner pid 1, started .* expires at/);
    await worker.kv.deleteMany([DEPLOY_LOCK_KEY]);
  });

  it("a deploy that runs past the lock's TTL renews its claim as it goes, so no other deploy can start", async () => {
    await worker.kv.deleteMany([DEPLOY_LOCK_KEY]);
    let t = Date.parse("2026-06-01T00:00:00.000Z");
    const lock = await acquireLock(worker.kv, { settleMs: 0, now: () => t });
    t += 400_000; // past a third of the 600 s TTL
    await lock.renew();
    const claim = JSON.parse((await worker.kv.get(DEPLOY_LOCK_KEY)) ?? "{}") as { renewedAt?: string };
    expect(claim.renewedAt).toBe(new Date(t).toISOString());
    t += 400_000; // 800 s after the start, 400 s after the renewal: still held
    await expect(acquireLock(worker.kv, { settleMs: 0, now: () => t })).rejects.toBeInstanceOf(DeployLocked);
    await lock.release();
  });

  it("a stale lock (a deploy that died) does not block", async () => {
    await worker.kv.putMany([
      {
        key: DEPLOY_LOCK_KEY,
        value: JSON.stringify({ token: "t", owner: "old", startedAt: "2020-01-01T00:00:00.000Z" }),
      },
    ]);
    await deployPlan(v2, worker.kv, FAST);
    expect(await servedVersion()).toBe("v2");
  });
});
