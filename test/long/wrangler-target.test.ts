/**
 * The deploy's remote target as it goes over the wire: the real wrangler
 * (`kv bulk put --remote`, `kv key get`, …) against a stand-in for
 * Cloudflare's API on 127.0.0.1. The deploy lock must carry its expiry as
 * `expiration_ttl` (wrangler drops `expirationTtl` with only a warning), and
 * wrangler's warnings must reach the operator.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCorpus } from "../../src/publish/deploy.js";
import { runWrangler, wranglerTarget } from "../../src/publish/kv-target.js";
import { acquireLock } from "../../src/publish/lock.js";
import { DEPLOY_LOCK_KEY, MANIFEST_KEY } from "../../src/schema/keys.js";
import { buildFixture, FIXED_NOW } from "../support/corpus.js";
import { type FakeCloudflare, fakeCloudflare } from "../support/fake-cloudflare.js";

let api: FakeCloudflare;
const saved: Record<string, string | undefined> = {};
beforeAll(async () => {
  api = await fakeCloudflare();
  for (const [k, v] of Object.entries(api.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await api?.close();
});

describe("the remote deploy lock", () => {
  it("is written with expiration_ttl on the wire, so a lock left by a dead deploy expires in KV", async () => {
    const warnings: string[] = [];
    const target = wranglerTarget({ namespaceId: "ns-test", onWarning: (w) => warnings.push(w) });
    const lock = await acquireLock(target, { settleMs: 0 });
    const put = api.requests.find((r) => r.method === "PUT" && r.path.endsWith("/storage/kv/namespaces/ns-test/bulk"));
    const sent = JSON.parse(put?.body ?? "[]") as Record<string, unknown>[];
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ key: DEPLOY_LOCK_KEY, expiration_ttl: 600 });
    expect(sent[0]).not.toHaveProperty("expirationTtl");
    expect(api.values.get(DEPLOY_LOCK_KEY)?.expirationTtl).toBe(600);
    expect(warnings).toEqual([]);
    await lock.release();
    expect(api.values.has(DEPLOY_LOCK_KEY)).toBe(false);
  }, 60_000);
});

describe("a deploy to the remote namespace", () => {
  it("publishes through wrangler, reads back its own root for Last-Modified, and re-runs as a no-op", async () => {
    const { corpus } = await buildFixture();
    const target = wranglerTarget({ namespaceId: "ns-deploy" });
    const opts = { lockSettleMs: 0, now: () => Date.parse(FIXED_NOW), collect: "all" as const };
    const first = await deployCorpus(corpus.articles, corpus.topics, target, opts);
    expect(first.written.at(-1)).toBe(MANIFEST_KEY);
    for (const k of first.keys) expect(api.values.has(k), k).toBe(true);
    const again = await deployCorpus(corpus.articles, corpus.topics, target, {
      ...opts,
      now: () => Date.parse(FIXED_NOW) + 60_000,
    });
    expect(again.previous?.all.fingerprint).toBe(first.root.all.fingerprint);
    expect(again.unchanged).toBe(true);
  }, 120_000);
});

describe("wrangler's warnings", () => {
  it("reach the operator instead of being swallowed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-bulk-"));
    const file = join(dir, "batch.json");
    // the mistake this deploy once made: a property wrangler does not know
    writeFileSync(file, JSON.stringify([{ key: "k", value: "v", expirationTtl: 60 }]));
    const warnings: string[] = [];
    await runWrangler(["kv", "bulk", "put", file, "--namespace-id", "ns-test", "--remote"], (w) => warnings.push(w));
    rmSync(dir, { recursive: true, force: true });
    expect(warnings.join("\n")).toMatch(/expirationTtl/);
  }, 60_000);
});
