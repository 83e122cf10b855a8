/**
 * Publishing to KV (docs/store-layout.md): data first, manifest last; an
 * unchanged corpus writes nothing; one changed article writes a few keys; a
 * dry run touches nothing; a failure before the switch leaves the live
 * version whole; keys no version names are deleted only after a grace
 * period; other store formats are left to the Worker that reads them; and
 * Last-Modified moves exactly when what a scope shows changes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DeployOptions, deployCorpus, deployPlan as deployPlanWithLock } from "../../src/publish/deploy.js";
import { GRACE_SECONDS } from "../../src/publish/gc.js";
import type { KvTarget } from "../../src/publish/kv-target.js";
import { type Plan, planInMemory } from "../../src/publish/plan.js";
import type { Article } from "../../src/schema/article.js";
import { DEPLOY_LOCK_KEY, GC_PREFIX, KV_LIMITS, MANIFEST_KEY } from "../../src/schema/keys.js";
import { Manifest } from "../../src/schema/store.js";
import { buildFixture, FIXED_NOW } from "../support/corpus.js";
import { kvOnly } from "../support/worker.js";

const T0 = Date.parse(FIXED_NOW);

/** Deploys with a short lock settle time and a fixed clock: the tests run one deploy at a time. */
const deployPlan = (plan: Plan, target: KvTarget, options: DeployOptions = {}) =>
  deployPlanWithLock(plan, target, { lockSettleMs: 0, now: () => T0, ...options });

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
    getBytes: (k) => inner.getBytes(k),
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

const allKeys = async (target: KvTarget) => (await target.list("")).sort();
const live = async (target: KvTarget) => Manifest.parse(JSON.parse((await target.get(MANIFEST_KEY)) ?? "null"));
const kinds = (keys: string[]) =>
  keys.reduce<Record<string, number>>((m, k) => {
    const kind = k.split("/")[1] ?? k;
    m[kind] = (m[kind] ?? 0) + 1;
    return m;
  }, {});

/** The fixture corpus with one article's text changed, as a re-deploy would see it. */
function changedCorpus(articles: Article[], key: string, tag = "updated"): Article[] {
  return articles.map((a) =>
    a.key === key
      ? { ...a, title: `${a.title} (${tag})`, updated: "2026-02-01T00:00:00.000Z", contentHash: "f".repeat(64) }
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
    expect(await live(kv)).toMatchObject({ version: plan.version, root: plan.rootKey, previous: null });
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

  it("after one article changed writes its item, record, bucket, segment, the parts of its new words, the root and the manifest", async () => {
    const { corpus, plan } = await buildFixture();
    await deployPlan(plan, kv);
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway"), corpus.topics);
    const r2 = await deployPlan(v2, kv);
    const written = kinds(r2.written);
    expect(written).toMatchObject({ item: 1, article: 1, slugs: 1, seg: 1, keys: 1, root: 1, manifest: 1 });
    expect(written.part ?? 0).toBeLessThanOrEqual(2);
    expect(r2.written.at(-1)).toBe(MANIFEST_KEY);
    expect(await live(kv)).toMatchObject({
      version: v2.version,
      previous: { version: plan.version, root: plan.rootKey },
    });
  });
});

describe("keys no version names", () => {
  it("stay for the grace period, so a location still reading an older manifest finds every key it names, then go", async () => {
    const { corpus, plan: v1 } = await buildFixture();
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway", "v2"), corpus.topics);
    const v3 = await planInMemory(changedCorpus(corpus.articles, "f1-mars-sample-return", "v3"), corpus.topics);
    await deployPlan(v1, kv, { now: () => T0 });
    await deployPlan(v2, kv, { now: () => T0 + 5_000 });
    const r3 = await deployPlan(v3, kv, { now: () => T0 + 10_000 });
    expect(r3.deleted).toEqual([]);
    const held = new Set(await allKeys(kv));
    for (const plan of [v1, v2, v3]) for (const k of plan.data.keys()) expect(held.has(k), k).toBe(true);
    const onlyOlder = [...v1.data.keys(), ...v2.data.keys()].filter((k) => !v3.data.has(k));
    expect(r3.pendingDeletion).toBe(new Set(onlyOlder).size);
    expect(held.has(`${GC_PREFIX}0`)).toBe(true);

    // a deploy just before the grace period is over deletes nothing; the first one after it deletes them
    const early = await deployPlan(v3, kv, { now: () => T0 + 5_000 + GRACE_SECONDS * 1000 - 1 });
    expect(early.deleted).toEqual([]);
    const late = await deployPlan(v3, kv, { now: () => T0 + 10_000 + GRACE_SECONDS * 1000 });
    expect(late.deleted).toEqual([...new Set(onlyOlder)].sort());
    // and the ledger keeps their tombstones for the grace period (a lagging listing may still show them)
    expect((await allKeys(kv)).filter((k) => !k.startsWith(GC_PREFIX))).toEqual(
      [...v3.data.keys(), MANIFEST_KEY].sort(),
    );
  });

  it("are kept again, not deleted, when a version names them once more", async () => {
    const { corpus, plan: v1 } = await buildFixture();
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway", "v2"), corpus.topics);
    await deployPlan(v1, kv, { now: () => T0 });
    await deployPlan(v2, kv, { now: () => T0 + 1000 });
    const back = await deployPlan(v1, kv, { now: () => T0 + GRACE_SECONDS * 2000 });
    for (const k of v1.data.keys()) expect(await kv.get(k), k).not.toBeNull();
    expect(back.deleted.every((k) => !v1.data.has(k))).toBe(true);
  });

  it("start their grace again when a version names them once more, even one whose deploy did not collect", async () => {
    const { corpus, plan: v1 } = await buildFixture();
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway", "v2"), corpus.topics);
    const onlyV1 = [...v1.data.keys()].filter((k) => !v2.data.has(k));
    const h = 3_600_000;
    await deployPlan(v1, kv, { now: () => T0 });
    await deployPlan(v2, kv, { now: () => T0 + 1000 }); // v1's own keys: unreferenced since T0 + 1 s
    // v1 again, three hours later, by a deploy that stops before collecting (its wrangler deploy failed, say)
    await deployPlan(v1, kv, { now: () => T0 + 3 * h, collect: "none" });
    const r = await deployPlan(v2, kv, { now: () => T0 + 3 * h + 60_000 });
    // unreferenced again only since this deploy: not deleted under readers of the version just replaced
    expect(r.deleted.filter((k) => onlyV1.includes(k))).toEqual([]);
    for (const k of onlyV1) expect(await kv.get(k), k).not.toBeNull();
  });

  it("deleted, are written again by a deploy that names them, even while KV's listing still shows them", async () => {
    const { corpus, plan: v1 } = await buildFixture();
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f5-lunar-gateway", "v2"), corpus.topics);
    await deployPlan(v1, kv, { now: () => T0, graceSeconds: 0 });
    const gone = await deployPlan(v2, kv, { now: () => T0 + 1000, graceSeconds: 0 });
    expect(gone.deleted.length).toBeGreaterThan(0);
    // a listing that lags behind the deletes, as KV's may
    const lagging: KvTarget = { ...kv, list: async (p) => [...new Set([...(await kv.list(p)), ...gone.deleted])] };
    const back = await deployPlan(v1, lagging, { now: () => T0 + 2000, graceSeconds: 0 });
    for (const k of v1.data.keys()) expect(await kv.get(k), k).not.toBeNull();
    expect(back.written).toEqual(expect.arrayContaining(gone.deleted.filter((k) => v1.data.has(k))));
  });
});

describe("another store format's keys", () => {
  const legacy = [
    { key: "manifest", value: JSON.stringify({ format: 4, version: "0123456789abcdef" }) },
    { key: "manifest-previous", value: JSON.stringify({ format: 4, version: "fedcba9876543210" }) },
    { key: "page/0123456789abcdef", value: "gz" },
    { key: "shard/0123456789abcdef", value: "gz" },
  ];

  it("are never touched while the Worker of that format may still be the live one", async () => {
    await kv.putMany(legacy);
    const { plan } = await buildFixture();
    await deployPlan(plan, kv, { collect: "own-format" });
    await deployPlan(plan, kv, { collect: "own-format", now: () => T0 + GRACE_SECONDS * 10_000 });
    for (const { key, value } of legacy) expect(await kv.get(key), key).toBe(value);
  });

  it("are retired once the Worker of this format is live, after the same grace period", async () => {
    await kv.putMany(legacy);
    const { plan } = await buildFixture();
    await deployPlan(plan, kv, { collect: "all" });
    for (const { key } of legacy) expect(await kv.get(key), key).not.toBeNull();
    const later = await deployPlan(plan, kv, { collect: "all", now: () => T0 + GRACE_SECONDS * 1000 });
    expect(later.deleted).toEqual(legacy.map((l) => l.key).sort());
  });
});

describe("--dry-run", () => {
  it("reports the keys and bytes it would write, and touches nothing", async () => {
    const { plan } = await buildFixture();
    const { target, ops } = recording(kv);
    const report = await deployPlan(plan, target, { dryRun: true });
    expect(ops).toEqual([]);
    expect(await allKeys(kv)).toEqual([]);
    expect(report.written.slice(0, -1)).toEqual([...plan.data.keys()]);
    expect(report.written.at(-1)).toBe(MANIFEST_KEY);
    const dataBytes = [...plan.data.values()].reduce((n, v) => n + Buffer.byteLength(v), 0);
    expect(report.writtenBytes).toBeGreaterThan(dataBytes);
  });
});

describe("a deploy that fails half way", () => {
  it("leaves the live version complete, and running it again finishes the job", async () => {
    const { corpus, plan } = await buildFixture();
    await deployPlan(plan, kv);
    const v2 = await planInMemory(changedCorpus(corpus.articles, "f2-ecb-holds-rates"), corpus.topics);
    const failing = recording(kv, (op, keys) => op === "put" && keys.includes(MANIFEST_KEY));
    await expect(deployPlan(v2, failing.target)).rejects.toThrow("injected write failure");
    expect((await live(kv)).version).toBe(plan.version);
    for (const k of plan.data.keys()) expect(await kv.get(k), k).not.toBeNull();
    const retry = recording(kv);
    const report = await deployPlan(v2, retry.target);
    expect((await live(kv)).version).toBe(v2.version);
    // data keys written by the failed run are not written again
    expect(report.written).toEqual([MANIFEST_KEY]);
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
});

describe("Last-Modified", () => {
  const topicLm = (r: { root: { topics: { slug: string; lastModified: string }[] } }, slug: string) =>
    r.root.topics.find((t) => t.slug === slug)?.lastModified;

  it("moves for a scope when an older article joins it, and only for the scopes it joins", async () => {
    const { corpus } = await buildFixture();
    const first = await deployCorpus(corpus.articles, corpus.topics, kv, { lockSettleMs: 0, now: () => T0 });
    const [oldest] = [...corpus.articles].sort((a, b) => (a.published < b.published ? -1 : 1));
    const older: Article = {
      ...(oldest as Article),
      key: "f0-older",
      slug: "an-older-space-story",
      id: "urn:uuid:00000000-0000-5000-8000-0000000000f0",
      title: "An older space story",
      topics: ["space"],
      published: "2020-01-01T00:00:00.000Z",
      updated: "2020-01-01T00:00:00.000Z",
    };
    const T1 = T0 + 86_400_000;
    const second = await deployCorpus([...corpus.articles, older], corpus.topics, kv, {
      lockSettleMs: 0,
      now: () => T1,
    });
    expect(second.root.all.lastModified).toBe(new Date(T1).toISOString());
    expect(topicLm(second, "space")).toBe(new Date(T1).toISOString());
    expect(topicLm(second, "oceans")).toBe(topicLm(first, "oceans"));
    expect(topicLm(first, "oceans")).toBe(new Date(T0).toISOString());
    // and back when it is removed
    const third = await deployCorpus(corpus.articles, corpus.topics, kv, { lockSettleMs: 0, now: () => T1 + 1000 });
    expect(topicLm(third, "space")).toBe(new Date(T1 + 1000).toISOString());
  });

  it("stays put when the same corpus is deployed again, and moves everywhere when a topic is renamed", async () => {
    const { corpus } = await buildFixture();
    const first = await deployCorpus(corpus.articles, corpus.topics, kv, { lockSettleMs: 0, now: () => T0 });
    const again = await deployCorpus(corpus.articles, corpus.topics, kv, { lockSettleMs: 0, now: () => T0 + 5000 });
    expect(again.unchanged).toBe(true);
    expect(again.root).toEqual(first.root);
    const renamed = corpus.topics.map((t) => (t.slug === "oceans" ? { ...t, name: "Seas and oceans" } : t));
    const r = await deployCorpus(corpus.articles, renamed, kv, { lockSettleMs: 0, now: () => T0 + 9000 });
    expect(r.root.all.lastModified).toBe(new Date(T0 + 9000).toISOString());
    for (const t of r.root.topics) expect(t.lastModified, t.slug).toBe(new Date(T0 + 9000).toISOString());
  });
});
