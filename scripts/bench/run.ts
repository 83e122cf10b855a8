/**
 * `npm run bench [-- SIZE...]`: the Worker's cost per request and the deploy's
 * cost per corpus, measured side by side in one run (default sizes 1000,
 * 10000, 100000 articles).
 *
 * For each size: a synthetic corpus made from the cleaned seeds is published
 * with the real deploy code into Miniflare's KV (time, peak memory, and a
 * re-deploy after one article changed: keys written); the real Worker runs in
 * workerd through Miniflare, its KV binding instrumented to count reads; wrk
 * (Debian's) drives each path on 127.0.0.1 for a bounded time, each round
 * right after a run of a baseline Worker that returns a body of the same size
 * from memory (ratios are to the median of those baseline runs). Besides
 * requests per second and latency, it reads the CPU time workerd spent per
 * request from /proc: what Cloudflare bills, and steadier than req/s on a
 * machine whose two cores the load generator shares.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import { buildCorpus } from "../../src/build/corpus.js";
import { deployCorpus } from "../../src/publish/deploy.js";
import { bindingTarget } from "../../src/publish/kv-target.js";
import type { Article } from "../../src/schema/article.js";
import { bundleInstrumentedWorker } from "../../test/support/worker.js";
import { syntheticCorpus } from "./synthetic.js";

const SIZES = (process.argv.slice(2).length ? process.argv.slice(2) : ["1000", "10000", "100000"]).map(Number);
const DURATION = process.env.BENCH_SECONDS ?? "2";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "8";

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as { status?: number }).status === 1; // wrk --version exits 1 after printing
  }
}

if (!hasWrk()) {
  console.log("wrk is not installed (apt-get install wrk); it drives the load. Nothing measured.");
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "wirefeed-bench-"));

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU time the Worker's workerd processes spent per request, in microseconds (what Cloudflare bills). */
  cpuMicros: number;
}

/** The workerd processes this script started (Miniflare's children). */
function workerdPids(): Set<string> {
  try {
    const out = execFileSync("pgrep", ["-P", String(process.pid), "-x", "workerd"], { encoding: "utf8" });
    return new Set(out.trim().split("\n").filter(Boolean));
  } catch {
    return new Set();
  }
}

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

/** User + system CPU time of these processes and their threads so far, in milliseconds. */
function cpuMs(pids: ReadonlySet<string>): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

const LUA_RANDOM = `
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&miss=" .. n .. "-" .. math.random(1000000000))
end
`;

function wrk(url: string, pids: ReadonlySet<string>, random = false): WrkResult {
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency"];
  if (random) {
    const script = join(work, "random.lua");
    writeFileSync(script, LUA_RANDOM);
    args.push("-s", script);
  }
  const cpu0 = cpuMs(pids);
  const out = execFileSync("wrk", [...args, url], { encoding: "utf8" });
  const cpu = cpuMs(pids) - cpu0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? Number.NaN);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    p50: ms("50"),
    p99: ms("99"),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    cpuMicros: (cpu * 1000) / requests,
  };
}

/** KV reads per request: warm (the isolate's caches filled) and cold (a fresh isolate state, a URL not rendered before). */
/** fetch, retried: after a load run the server may close a kept-alive connection the client still holds. */
async function get(url: URL | string): Promise<ArrayBuffer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(url)).arrayBuffer();
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** KV reads per request: warm (the isolate's caches filled) and cold (a fresh isolate state, a URL not rendered before). */
async function kvReads(base: URL, path: string, times: number): Promise<{ warm: number; cold: number }> {
  const reads = async (fresh: boolean): Promise<number> => {
    const body = new TextDecoder().decode(await get(new URL(`/__bench/kv-reads${fresh ? "?fresh" : ""}`, base)));
    return (JSON.parse(body) as { reads: number }).reads;
  };
  const sep = path.includes("?") ? "&" : "?";
  await reads(false);
  let warm = 0;
  for (let i = 0; i < times; i++) {
    await get(new URL(path, base));
    warm += await reads(false);
  }
  let cold = 0;
  for (let i = 0; i < times; i++) {
    await reads(true);
    await get(new URL(`${path}${sep}cold=${i}`, base));
    cold = Math.max(cold, await reads(false));
  }
  return { warm: warm / times, cold };
}

/** The run with the median value of `by`. */
function median<T>(xs: readonly T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

async function main() {
  const seeds = buildCorpus({ contentDir: "content", now: new Date().toISOString() });
  const script = await bundleInstrumentedWorker();
  console.log(
    `Wirefeed benchmark: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM, Node ${process.version}`,
  );
  console.log(
    `Load: wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds of ${DURATION} s per path, each right after a ${DURATION} s baseline run, on 127.0.0.1; the Worker in workerd via Miniflare.`,
  );
  console.log(
    "Figures: the median round of each path; ratios: that ÷ the median of every baseline run at this size (one before each round of each path). req/s: higher is better; CPU: workerd's user + system time per request, from /proc: lower is better.\n",
  );
  for (const size of SIZES) {
    const articles = syntheticCorpus(seeds.articles, seeds.topics, size);
    const mf = new Miniflare({
      modules: true,
      scriptPath: script,
      modulesRoot: dirname(script),
      compatibilityDate: "2026-04-20",
      kvNamespaces: ["FEEDS"],
      bindings: {
        SITE_TITLE: "Wirefeed",
        SITE_DESCRIPTION: "Benchmark corpus",
        SITE_LANGUAGE: "en",
        WEBSUB_HUB: "",
        PUBLIC_URL: "",
      },
      host: "127.0.0.1",
      port: 0,
    });
    const base = await mf.ready;
    const workerPids = workerdPids();
    const target = bindingTarget(await mf.getKVNamespace("FEEDS"), "Miniflare KV");

    // Deploy: time and peak memory (resident set, sampled), then one article changed.
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    const t0 = performance.now();
    const first = await deployCorpus(articles, seeds.topics, target);
    const deploySeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const middle = Math.floor(size / 2);
    const changed = articles.map(
      (a, i): Article => (i === middle ? { ...a, title: `${a.title} (corrected)`, contentHash: "e".repeat(64) } : a),
    );
    const t1 = performance.now();
    const second = await deployCorpus(changed, seeds.topics, target);
    const redeploySeconds = (performance.now() - t1) / 1000;
    const rewrites = second.written.length;

    console.log(`== ${size.toLocaleString("en")} articles`);
    console.log(
      `   deploy: ${first.keys.size} data keys, ${mb(first.writtenBytes)} written in ${fmt(deploySeconds, 1)} s (build + plan + publish), peak RSS ${mb(peak)}`,
    );
    console.log(
      `   re-deploy after one article changed: ${rewrites} keys written of ${second.keys.size + 1} (${fmt((100 * rewrites) / (second.keys.size + 1), 2)}%), ${fmt(redeploySeconds, 1)} s`,
    );

    const topic = seeds.topics[0]?.slug ?? "nato";
    const feedBytes = (await get(new URL("/feed.xml", base))).byteLength;
    // The headers a warm /feed.xml goes out with (validators, caching, CORS, security): the
    // baseline's second path sends them too, to show what they cost by themselves.
    const feedResponse = await fetch(new URL("/feed.xml", base), { headers: { "accept-encoding": "identity" } });
    const feedHeaders: [string, string][] = [];
    feedResponse.headers.forEach((value, name) => {
      // framing is workerd's business (and content-encoding would make it compress)
      if (!["content-length", "content-encoding", "transfer-encoding"].includes(name)) feedHeaders.push([name, value]);
    });
    const baseline = new Miniflare({
      modules: true,
      script: `const body = ${JSON.stringify("x".repeat(feedBytes))};
const headers = ${JSON.stringify(feedHeaders)};
export default { fetch(request) {
  if (new URL(request.url).pathname === "/headers") return new Response(body, { headers });
  return new Response(body, { headers: { "content-type": "application/rss+xml; charset=utf-8" } });
} };`,
      compatibilityDate: "2026-04-20",
      host: "127.0.0.1",
      port: 0,
    });
    const baseUrl = await baseline.ready;
    const baselinePids = new Set([...workerdPids()].filter((pid) => !workerPids.has(pid)));
    const slug = articles[middle]?.slug ?? "";
    const paths: [string, string, boolean][] = [
      ["baseline (same size, from memory)", "", false],
      [`baseline + the feed's ${feedHeaders.length} headers`, "baseline:/headers", false],
      ["/feed.xml", "/feed.xml", false],
      ["/feed.atom", "/feed.atom", false],
      ["/feed.json", "/feed.json", false],
      [`topic feed /topics/${topic}/feed.xml`, `/topics/${topic}/feed.xml`, false],
      ["filtered topic + q + since", `/feed.json?topic=${topic}&q=kosovo&since=2022-01-01`, false],
      ["cache miss every request (/feed.xml?…)", "/feed.xml?limit=20", true],
      ["filtered, cache miss every request", `/feed.xml?topic=${topic}&q=kosovo&since=2022-01-01`, true],
      ["article page", `/articles/${slug}`, false],
    ];
    const rows: string[] = [];
    // Each path runs in ROUNDS short runs, each right after a baseline run, so the baseline is
    // sampled all through the size's runs; ratios are to the median of all those baseline runs,
    // which a single slow run (2 cores, shared with the load generator) does not move.
    const baselineRuns: WrkResult[] = [];
    const measured: { label: string; runs: WrkResult[]; reads: { warm: number; cold: number } | null }[] = [];
    for (const [label, path, random] of paths) {
      const onBaseline = path === "" || path.startsWith("baseline:");
      const url = onBaseline
        ? new URL(path.slice("baseline:".length), baseUrl).toString()
        : new URL(path, base).toString();
      await get(url); // warm the isolate's caches
      const runs: WrkResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const neighbour = wrk(baseUrl.toString(), baselinePids);
        baselineRuns.push(neighbour);
        runs.push(path === "" ? neighbour : wrk(url, onBaseline ? baselinePids : workerPids, random));
      }
      measured.push({ label, runs, reads: onBaseline ? null : await kvReads(base, path, 10) });
    }
    const baseRps = median(baselineRuns, (x) => x.rps).rps;
    const baseCpu = median(baselineRuns, (x) => x.cpuMicros).cpuMicros;
    for (const { label, runs, reads } of measured) {
      const r = median(runs, (x) => x.rps);
      const cpuMicros = median(runs, (x) => x.cpuMicros).cpuMicros;
      const non2xx = runs.reduce((n, x) => n + x.non2xx, 0);
      rows.push(
        `   ${label.padEnd(42)} ${fmt(r.rps).padStart(7)} req/s  ${fmt(r.rps / baseRps, 2).padStart(5)}×  p50 ${fmt(r.p50, 2).padStart(6)} ms  p99 ${fmt(r.p99, 2).padStart(6)} ms  CPU ${fmt(cpuMicros).padStart(4)} µs/req ${fmt(cpuMicros / baseCpu, 2).padStart(5)}×  KV reads/req ${reads ? `${fmt(reads.warm, 2)} warm, ${reads.cold} cold` : "-"}${non2xx ? `  ${non2xx} non-2xx!` : ""}`,
      );
    }
    console.log(rows.join("\n"));
    const sizes = await Promise.all(
      ["/feed.xml", "/feed.json", "/feed.xml?limit=100", "/feed.xml?limit=100&content=summary"].map(
        async (p) => `${p} ${((await get(new URL(p, base))).byteLength / 1024).toFixed(0)} KiB`,
      ),
    );
    console.log(`   feed sizes: ${sizes.join(", ")}\n`);
    await baseline.dispose();
    await mf.dispose();
  }
}

await main();
