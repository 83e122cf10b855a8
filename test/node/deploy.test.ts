/**
 * Publishing to KV: data first, manifest last, old keys after; an unchanged
 * corpus writes nothing; a dry run touches nothing; a failure before the
 * switch leaves the live version whole, and running again finishes the job.
 * Also the 2-read layout: every feed's first page is one key the manifest names.
 */
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DeployOptions, deployPlan as deployPlanWithLock } from "../../src/publish/deploy.js";
import type { KvTarget } from "../../src/publish/kv-target.js";
import { type Plan, planInMemory, referencedKeys } from "../../src/publish/plan.js";
import type { Article } from "../../src/schema/article.js";
import { DEPLOY_LOCK_KEY, KV_LIMITS, MANIFEST_KEY, PREVIOUS_MANIFEST_KEY } from "../../src/schema/keys.js";
import { ALL_SCOPE, Manifest } from "../../src/schema/store.js";
import { buildFixture } from "../support/corpus.js";
import { kvOnly } from "../support/worker.js";

/** Deploys with a short lock settle time: the tests run one deploy at a time unless they say otherwise. */
const deployPlan = (plan: Plan, target: KvTarget, options: DeployOptions = {}) =>
  deployPlanWithLock(plan, target, { lockSettleMs: 20, ...options });

let kv: KvTarget;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ kv, close } = await kvOnly());
});
afterEach(() => close());

/** A target that records the order of operations and can fail on demand. */
function recording(inner: KvTarget, failOn?: (op: string, keys: string[]) => boolean) {
  const ops: { op: string; keys: string[] }[] = [];
  const target: KvTarget = {
    name: inner.name,
    get: (k) => inner.get(k),
    list: (p) => inner.list(p),
    async putMany(entries) {
      const keys = entries.map((e) => e.key);
      // the deploy lock is bookkeeping, not publication: not recorded, never failed
      if (keys.includes(DEPLOY_LOCK_KEY)) return inner.putMany(entries);
      if (failOn?.("put", keys)) throw new Error("injected write failure");
      ops.push({ op: "put", keys });
      await inner.putMany(entries);
    },
    async deleteMany(keys) {
      if (keys.includes(DEPLOY_LOCK_KEY)) return inner.deleteMany(keys);
      if (failOn?.("delete", [...keys])) throw new Error("injected delete failure");
      ops.push({ op: "delete", keys: [...keys] });
      await inner.deleteMany(keys);
    },
  };
  return { target, ops };
}

async function allKeys(target: KvTarget): Promise<string[]> {
  return (await target.list("")).sort();
}

const live = async (target: KvTarget) => Manifest.parse(JSON.parse((await target.get(MANIFEST_KEY)) ?? "null"));

/** The fixture corpus with one article's text changed, as a re-deploy would see it. */
function changedCorpus(articles: Article[], key: string): Article[] {
  return articles.map((a) =>
    a.key === key
      ? { ...a, title: `${a.title} (updated)`, updated: "2026-02-01T00:00:00.000Z", contentHash: "f".repeat(64) }
      : a,
  );
}

describe("a first deploy", () => {
  it("writes every data key, then the manifest, and nothing else", async () => {
    const { plan } = await buildFixture();
    const { target, ops } = recording(kv);
    const report = await deployPlan(plan, target);
    expect(ops.at(-1)).toEqual({ op: "put", keys: [MANIFEST_KEY] });
    expect(
      ops
        .slice(0, -1)
        .flatMap((o) => o.keys)
        .sort(),
    ).toEqual([...plan.data.keys()].sort());
    expect(await allKeys(kv)).toEqual([...plan.data.keys(), MANIFEST_KEY].sort());
    expect(report).toMatchObject({ unchanged: false, previousVersion: null, deleted: [] });
    expect((await live(kv)).version).toBe(plan.manifest.version);
  });
});

describe("re-running the deploy", () => {
  it("with an unchanged corpus writes and deletes nothing", async () => {
    const { plan } = await buildFixture();
    await deployPlan(plan, kv);
    const { target, ops } = recording(kv);
    const again = await deployPlan((await buildFixture()).plan, target);
    expect(ops).toEqual([]);
    expect(again).toMatchObject({ unchanged: true, written: [], deleted: [] });
  });

  it("after one article changed writes only its pages and shard, then removes keys two versions old", async () => {
    const { corpus, plan } = await buildFixture();
    await deployPlan(plan, kv);
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway"), corpus.topics);
    const r2 = await deployPlan(v2, kv);
    // the head and run of "all" and of "space", and one shard; plus the previous and new manifest
    expect(r2.written.filter((k) => k.startsWith("page/") || k.startsWith("shard/")).length).toBeLessThanOrEqual(5);
    expect(r2.written).toContain(PREVIOUS_MANIFEST_KEY);
    expect(r2.written.at(-1)).toBe(MANIFEST_KEY);
    expect(r2.deleted).toEqual([]); // v1's keys stay while v1 is the previous version
    const v3 = await planInMemory(changedCorpus(corpus.articles, "f1-mars-sample-return"), corpus.topics);
    const r3 = await deployPlan(v3, kv);
    const keep = new Set([...referencedKeys(v3.manifest), ...referencedKeys(v2.manifest)]);
    const onlyV1 = [...referencedKeys(plan.manifest)].filter((k) => !keep.has(k)).sort();
    expect(onlyV1.length).toBeGreaterThan(0);
    expect(r3.deleted).toEqual(onlyV1);
    expect((await allKeys(kv)).filter((k) => k.includes("/"))).toEqual([...keep].sort());
  });
});

describe("--dry-run", () => {
  it("reports the keys and bytes it would write and delete, and touches nothing", async () => {
    const { plan } = await buildFixture();
    const { target, ops } = recording(kv);
    const report = await deployPlan(plan, target, { dryRun: true });
    expect(ops).toEqual([]);
    expect(await allKeys(kv)).toEqual([]);
    expect(report.written).toEqual([...plan.data.keys(), MANIFEST_KEY]);
    expect(report.writtenBytes).toBe(
      [...plan.data.values(), plan.manifestValue].reduce((n, v) => n + Buffer.byteLength(v), 0),
    );
  });
});

describe("a deploy that fails half way", () => {
  it("leaves the live version complete, and running it again finishes the job", async () => {
    const { corpus, plan } = await buildFixture();
    await deployPlan(plan, kv);
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f2-ecb-holds-rates"), corpus.topics);
    const failing = recording(kv, (op, keys) => op === "put" && keys.includes(MANIFEST_KEY));
    await expect(deployPlan(v2, failing.target)).rejects.toThrow("injected write failure");
    const still = await live(kv);
    expect(still.version).toBe(plan.manifest.version);
    for (const k of referencedKeys(still)) expect(await kv.get(k), k).not.toBeNull();
    const retry = recording(kv);
    const report = await deployPlan(v2, retry.target);
    expect((await live(kv)).version).toBe(v2.manifest.version);
    // data keys written by the failed run are not written again
    expect(report.written.filter((k) => k.includes("/"))).toEqual([]);
  });
});

describe("the KV layout", () => {
  it("keeps every key and value within KV's limits", async () => {
    const { plan } = await buildFixture();
    for (const [k, v] of plan.data) {
      expect(Buffer.byteLength(k)).toBeLessThanOrEqual(KV_LIMITS.keyBytes);
      expect(Buffer.byteLength(v)).toBeLessThanOrEqual(KV_LIMITS.valueBytes);
    }
  });

  it("names, for each feed scope, one head page holding its newest items: a feed request reads the manifest and one page", async () => {
    const { plan, corpus } = await buildFixture();
    const m = plan.manifest;
    expect(m.scopes[ALL_SCOPE]?.count).toBe(corpus.articles.length);
    for (const t of corpus.topics) {
      const scope = m.scopes[t.slug];
      const n = corpus.articles.filter((a) => a.topics.includes(t.slug)).length;
      expect(scope?.count, t.slug).toBe(n);
      const head = plan.data.get(scope?.head?.key ?? "");
      if (n > 0) expect(JSON.parse(gunzipSync(head as Uint8Array).toString("utf8")).items).toHaveLength(n);
    }
  });
});
