/**
 * A bounded load run on 127.0.0.1 against the real Worker in workerd: 20,000
 * requests at concurrency 64 across every endpoint, valid and invalid mixed.
 * It ends with zero 5xx and zero malformed bodies and the Worker isolate's
 * JS heap (read over the inspector) under the 128 MB an isolate has;
 * workerd's resident set is printed too. The same requests run
 * against the app in this process, where a full GC can be forced, show that
 * the Worker's code keeps nothing: its heap is flat once the caches are full.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import { MANIFEST_KEY } from "../../src/schema/keys.js";
import { buildFixture, FIXED_NOW, manifestOf, REAL_CONTENT } from "../support/corpus.js";
import { freePort, isolateHeapUsed } from "../support/inspector.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

const TOTAL = 20_000;
const CONCURRENCY = 64;

let worker: RunningWorker;
let inspectorPort = 0;
beforeAll(async () => {
  inspectorPort = await freePort();
  worker = await startWorker({ inspectorPort });
  await deployPlan((await buildFixture(REAL_CONTENT, FIXED_NOW)).plan, worker.kv, { lockSettleMs: 0 });
});
afterAll(() => worker?.close());

const TARGETS = [
  "/feed.xml",
  "/feed.atom",
  "/feed.json",
  "/feed",
  "/topics",
  "/topics.opml",
  "/topics/kosovo",
  "/topics/kosovo/feed.atom",
  "/feed.json?topic=serbia,kosovo&match=all",
  "/feed.xml?q=dayton&since=2025-01-01",
  "/feed.json?limit=2",
  "/articles/nato-strengthens-commitment-to-western-balkans-stability",
  "/articles/nato-strengthens-commitment-to-western-balkans-stability.json",
  "/",
  // invalid
  "/feed.json?limit=1000",
  "/feed.xml?topic=kittens",
  "/feed.atom?since=never",
  "/topics/kittens/feed.xml",
  "/articles/..%2F..%2Fmanifest",
  "/nope",
];

/** Resident set (KiB) of the workerd processes serving this test's Worker. */
function workerdRss(): number {
  const pids = execFileSync("pgrep", ["-P", String(process.pid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .filter(Boolean);
  let kib = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+workerd/m.test(status)) continue;
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // the process ended
    }
  }
  return kib;
}

function wellFormed(type: string, body: string): boolean {
  if (/xml/.test(type)) return XMLValidator.validate(body) === true;
  if (/json/.test(type)) {
    try {
      JSON.parse(body);
      return true;
    } catch {
      return false;
    }
  }
  return type.startsWith("text/html") ? body.startsWith("<!doctype html>") : true;
}

describe("load", () => {
  it(`${TOTAL} mixed requests at concurrency ${CONCURRENCY}: no 5xx, no malformed body, no memory growth`, async () => {
    const statuses = new Map<number, number>();
    let malformed = 0;
    let next = 0;
    let halfway = 0;
    const started = Date.now();
    const workerOne = async () => {
      for (;;) {
        const i = next++;
        if (i >= TOTAL) return;
        if (i === TOTAL / 2) halfway = workerdRss();
        const path = TARGETS[i % TARGETS.length] as string;
        // a share of the requests defeats the render cache, as readers with odd query strings do
        const url = new URL(i % 5 === 0 ? `${path}${path.includes("?") ? "&" : "?"}r=${i}` : path, worker.url);
        const res = await fetch(url, { headers: i % 3 === 0 ? { "if-none-match": '"stale"' } : {} });
        const body = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (!wellFormed(res.headers.get("content-type") ?? "", body)) malformed++;
      }
    };
    const before = workerdRss();
    await Promise.all(Array.from({ length: CONCURRENCY }, workerOne));
    const after = workerdRss();
    const heap = await isolateHeapUsed(inspectorPort);
    const seconds = (Date.now() - started) / 1000;
    const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      `load: ${TOTAL} requests in ${seconds.toFixed(1)} s (${(TOTAL / seconds).toFixed(0)} req/s) at concurrency ${CONCURRENCY}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; 5xx ${fiveXX}; malformed ${malformed}; workerd RSS ${(before / 1024).toFixed(0)} MiB before, ${(halfway / 1024).toFixed(0)} MiB halfway, ${(after / 1024).toFixed(0)} MiB after; the Worker isolate's JS heap ${(heap / 1048576).toFixed(1)} MiB`,
    );
    expect(fiveXX).toBe(0);
    expect(malformed).toBe(0);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    // the isolate's heap (garbage not yet collected included) within the 128 MB an isolate has on Cloudflare
    expect(heap).toBeLessThan(128 * 1048576);
  }, 300_000);

  it("the Worker's code keeps no memory across requests (its JS heap after a full GC is flat)", async () => {
    // The same app, in this process, where a full collection can be forced: what workerd's RSS cannot show.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // a module path in a variable: the Worker's types belong to the Worker's tsconfig, not this one
    const workerModule = "../../src/worker/index.js";
    const { default: app } = (await import(workerModule)) as {
      default: { fetch(r: Request, env: unknown): Promise<Response> };
    };
    const { plan } = await buildFixture(REAL_CONTENT, FIXED_NOW);
    const data = new Map<string, string | Uint8Array>([...plan.data, [MANIFEST_KEY, manifestOf(plan)]]);
    // a KV binding over the plan: single and bulk reads, as text or bytes
    const one = (key: string, type: string | undefined) => {
      const v = data.get(key);
      if (v === undefined) return null;
      if (type === "arrayBuffer")
        return typeof v === "string" ? new TextEncoder().encode(v).buffer : new Uint8Array(v).buffer;
      return typeof v === "string" ? v : new TextDecoder().decode(v);
    };
    const kv = {
      async get(key: string | string[], opts: unknown) {
        const type = typeof opts === "string" ? opts : (opts as { type?: string } | undefined)?.type;
        return Array.isArray(key) ? new Map(key.map((k) => [k, one(k, type)])) : one(key, type);
      },
    };
    const env = {
      FEEDS: kv,
      MANIFEST_RECHECK_MS: "1000",
      SITE_TITLE: "Wirefeed",
      SITE_DESCRIPTION: "d",
      SITE_LANGUAGE: "en",
      WEBSUB_HUB: "",
      PUBLIC_URL: "",
    };
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const heap: number[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const path = TARGETS[i % TARGETS.length] as string;
      const url = i % 5 === 0 ? `${path}${path.includes("?") ? "&" : "?"}r=${i}` : path;
      await (await app.fetch(new Request(`http://load.test${url}`), env)).text();
      if (i % (TOTAL / 4) === TOTAL / 4 - 1) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    console.log(
      `JS heap after a full GC, each quarter of ${TOTAL} requests: ${heap.map((h) => `${(h / 1048576).toFixed(1)} MiB`).join(", ")}`,
    );
    // caches are full after the first quarter; from then on the heap stays within a few MiB
    expect(Math.max(...heap.slice(1)) - (heap[1] ?? 0)).toBeLessThan(8 * 1048576);
    // and everything the Worker keeps fits the isolate caches' one budget (48 MiB at most)
    expect(Math.max(...heap) - baseline).toBeLessThan(48 * 1048576);
  }, 300_000);
});
