/**
 * `npm run bench [-- SIZE...]`: the Worker's cost per request and the
 * deploy's cost per corpus, measured side by side in one run (default sizes
 * 1,000, 10,000 and 100,000 articles served; 1,000,000 planned).
 *
 * For each served size: a synthetic corpus made from the cleaned seeds is
 * published with the real deploy code into Miniflare's KV (time, peak
 * memory, and a re-deploy after one article changed: keys written); the
 * real Worker runs in workerd through Miniflare, its KV binding instrumented
 * to count round trips; wrk (Debian's) drives each path on 127.0.0.1 for a
 * bounded time, each round right after a run of a baseline Worker that
 * returns a body of the same size from memory (ratios are to the median of
 * those baseline runs). Besides requests per second and latency, it reads
 * the CPU time workerd spent per request from /proc: what Cloudflare bills.
 *
 * For each planned size (BENCH_PLAN_SIZES, default 1000000): the deploy's
 * work after cleaning in one process (plan-only.ts): a generated corpus of
 * stories grouped, the stories planned and every key planned, writing
 * nothing: time per phase, peak memory, keys and bytes by kind, and the keys
 * a re-deploy after one changed article writes. A million articles' KV (7 GB)
 * does not fit this machine's local store in reasonable time, so requests
 * are measured up to 100,000. Results go to bench-results/.
 *
 * Then the story grouping (BENCH_STORY_SIZES, default 100,000 and 1,000,000
 * articles): scripts/bench/stories.ts in its own process, on generated
 * corpora with planted copies, excerpts, edits and rewrites: time, peak
 * memory, planted links found and unrelated stories joined.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { deployCorpus } from "../../src/publish/deploy.js";
import { bindingTarget } from "../../src/publish/kv-target.js";
import { StoryPlan } from "../../src/publish/story-store.js";
import type { Article } from "../../src/schema/article.js";
import { bundleInstrumentedWorker } from "../../test/support/worker.js";
import { CONNECTIONS, DURATION, get, hasWrk, kvReads, type WrkResult, workerdPids, wrk } from "./load.js";
import { RARE, syntheticCorpus } from "./synthetic.js";

const SIZES = (process.argv.slice(2).length ? process.argv.slice(2) : ["1000", "10000", "100000"]).map(Number);
const PLAN_SIZES = (process.env.BENCH_PLAN_SIZES ?? "1000000").split(",").filter(Boolean).map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Corpus sizes the story grouping is timed at (BENCH_STORY_SIZES, default 100,000 and 1,000,000). */
const STORY_SIZES = (process.env.BENCH_STORY_SIZES ?? "100000,1000000").split(",").filter(Boolean).map(Number);
const RESULTS = "bench-results";

/** The run with the median value of `by`. */
function median<T>(xs: readonly T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)] as T;
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;

/** The two topics most articles share: the widest `topic=a&topic=b&match=all`. */
function topicPair(articles: readonly Article[]): [string, string] {
  const pairs = new Map<string, number>();
  for (const a of articles)
    for (const x of a.topics)
      for (const y of a.topics) if (x < y) pairs.set(`${x},${y}`, (pairs.get(`${x},${y}`) ?? 0) + 1);
  const [best] = [...pairs].sort((p, q) => q[1] - p[1]);
  const [x, y] = (best?.[0] ?? "nato,kosovo").split(",");
  return [x as string, y as string];
}

/** The URL of page `n` of a JSON feed (following next_url), or null when the feed has fewer pages. */
async function nthPage(base: URL, path: string, n: number): Promise<string | null> {
  let url: string | undefined = new URL(path, base).toString();
  for (let page = 1; page < n; page++) {
    const feed = JSON.parse(new TextDecoder().decode(await get(url))) as { next_url?: string };
    url = feed.next_url;
    if (!url) return null;
  }
  return url ? url.slice(base.origin.length) : null;
}

async function plannedSize(size: number): Promise<void> {
  const out = execFileSync(
    process.execPath,
    [
      "--max-old-space-size=1900",
      "--expose-gc",
      "--import",
      "tsx",
      join(import.meta.dirname, "plan-only.ts"),
      String(size),
    ],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const r = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    seconds: Record<"grouping" | "storyPlanning" | "planning", number>;
    totalSeconds: number;
    totalCpuSeconds: number;
    peakRssMiB: number;
    stories: number;
    storiesOfSeveral: number;
    keys: number;
    bytes: number;
    segments: number;
    parts: number;
    maxPartsPerTerm: number;
    rootBytes: number;
    redeployKeys: number | null;
    stats: Record<string, { keys: number; bytes: number }>;
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `plan-${size}.json`), `${JSON.stringify(r, null, 2)}\n`);
  console.log(
    `== ${size.toLocaleString("en")} articles (a dry run of the deploy in one process: grouped into stories, planned, not served)`,
  );
  console.log(
    `   ${fmt(r.totalSeconds, 1)} s in all, ${fmt(r.totalCpuSeconds, 1)} s of CPU (grouping ${fmt(r.seconds.grouping, 1)} s, stories' plan ${fmt(r.seconds.storyPlanning, 1)} s, keys ${fmt(r.seconds.planning, 1)} s; each reads the cleaned corpus from a file of JSON lines), peak RSS ${fmt(r.peakRssMiB)} MiB; ${r.stories.toLocaleString("en")} stories (${r.storiesOfSeveral.toLocaleString("en")} of several articles)`,
  );
  console.log(
    `   plan: ${r.keys.toLocaleString("en")} keys, ${mb(r.bytes)}; ${r.segments} segments, ${r.parts} index parts (a term spans at most ${r.maxPartsPerTerm}), root ${fmt(r.rootBytes / 1024)} KiB gzip`,
  );
  console.log(
    `   by kind: ${Object.entries(r.stats)
      .map(([k, s]) => `${k} ${s.keys.toLocaleString("en")} (${mb(s.bytes)})`)
      .join(", ")}`,
  );
  if (r.redeployKeys !== null)
    console.log(
      `   re-deploy after one article changed: ${r.redeployKeys} keys of ${r.keys.toLocaleString("en")} (${fmt((100 * r.redeployKeys) / r.keys, 4)}%)\n`,
    );
}

async function servedSize(size: number, seeds: ReturnType<typeof buildCorpus>, script: string): Promise<void> {
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
      MANIFEST_RECHECK_MS: "1000",
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
  // each synthetic article is its own story: the corpus is made of the seeds' texts, which the grouper
  // would rightly take for copies; grouping is measured below, on a corpus generated for it
  const first = await deployCorpus(articles, seeds.topics, target, { lockSettleMs: 0, stories: new StoryPlan() });
  const deploySeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const middle = Math.floor(size / 2);
  const changed = articles.map(
    (a, i): Article => (i === middle ? { ...a, title: `${a.title} (corrected)`, contentHash: "e".repeat(64) } : a),
  );
  const t1 = performance.now();
  const second = await deployCorpus(changed, seeds.topics, target, { lockSettleMs: 0, stories: new StoryPlan() });
  const redeploySeconds = (performance.now() - t1) / 1000;
  const rewrites = second.written.length;
  const total = second.keys.size + 1;

  console.log(`== ${size.toLocaleString("en")} articles`);
  console.log(
    `   deploy: ${first.keys.size} data keys, ${mb(first.writtenBytes)} written in ${fmt(deploySeconds, 1)} s (plan + publish), peak RSS ${mb(peak)}`,
  );
  console.log(
    `   re-deploy after one article changed: ${rewrites} keys written of ${total} (${fmt((100 * rewrites) / total, 3)}%), ${fmt(redeploySeconds, 1)} s`,
  );

  const topic = seeds.topics[0]?.slug ?? "nato";
  const [ta, tb] = topicPair(articles);
  const rare = `zq${Math.floor(RARE / 3)}`;
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
  const rarePath = `/feed.json?q=${rare}&limit=10`;
  const bothPath = `/feed.json?topic=${ta}&topic=${tb}&match=all`;
  const rareTenth = await nthPage(base, rarePath, 10);
  const bothTenth = await nthPage(base, bothPath, 10);
  const paths: [string, string | null, boolean][] = [
    ["baseline (same size, from memory)", "", false],
    [`baseline + the feed's ${feedHeaders.length} headers`, "baseline:/headers", false],
    ["/feed.xml", "/feed.xml", false],
    ["/feed.atom", "/feed.atom", false],
    ["/feed.json", "/feed.json", false],
    [`topic feed /topics/${topic}/feed.xml`, `/topics/${topic}/feed.xml`, false],
    ["filtered topic + q + since", `/feed.json?topic=${topic}&q=kosovo&since=2022-01-01`, false],
    ["cache miss every request (/feed.xml?…)", "/feed.xml?limit=20", true],
    ["filtered, cache miss every request", `/feed.xml?topic=${topic}&q=kosovo&since=2022-01-01`, true],
    [`rare word q=${rare} (0.1%), miss, page 1`, rarePath, true],
    [`rare word q=${rare}, miss, page 10`, rareTenth, true],
    [`topic=${ta}&topic=${tb}&match=all, miss, page 1`, bothPath, true],
    [`topic=${ta}&topic=${tb}&match=all, miss, page 10`, bothTenth, true],
    ["article page", `/articles/${slug}`, false],
  ];
  const rows: string[] = [];
  // Each path runs in ROUNDS short runs, each right after a baseline run, so the baseline is
  // sampled all through the size's runs; ratios are to the median of all those baseline runs,
  // which a single slow run (2 cores, shared with the load generator) does not move.
  const baselineRuns: WrkResult[] = [];
  const measured: { label: string; runs: WrkResult[]; reads: { warm: number; cold: number } | null }[] = [];
  for (const [label, path, random] of paths) {
    if (path === null) {
      measured.push({ label: `${label}: fewer than 10 pages at this size`, runs: [], reads: null });
      continue;
    }
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
    if (!runs.length) {
      rows.push(`   ${label}`);
      continue;
    }
    const r = median(runs, (x) => x.rps);
    const cpuMicros = median(runs, (x) => x.cpuMicros).cpuMicros;
    const non2xx = runs.reduce((n, x) => n + x.non2xx, 0);
    rows.push(
      `   ${label.padEnd(50)} ${fmt(r.rps).padStart(7)} req/s  ${fmt(r.rps / baseRps, 2).padStart(5)}×  p50 ${fmt(r.p50, 2).padStart(6)} ms  p99 ${fmt(r.p99, 2).padStart(6)} ms  CPU ${fmt(cpuMicros).padStart(5)} µs/req ${fmt(cpuMicros / baseCpu, 2).padStart(5)}×  KV round trips ${reads ? `${fmt(reads.warm, 2)} warm, ${reads.cold} cold` : "-"}${non2xx ? `  ${non2xx} non-2xx!` : ""}`,
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

async function main() {
  console.log(
    `Wirefeed benchmark: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM, Node ${process.version}`,
  );
  console.log(
    `Load: wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds of ${DURATION} s per path, each right after a ${DURATION} s baseline run, on 127.0.0.1; the Worker in workerd via Miniflare.`,
  );
  console.log(
    "Figures: the median round of each path; ratios: that ÷ the median of every baseline run at this size (one before each round of each path). req/s: higher is better; CPU: workerd's user + system time per request, from /proc: lower is better. KV round trips: get() calls a request makes besides the live-version check (warm: the isolate's caches filled; cold: a fresh isolate, a URL not rendered before).\n",
  );
  const seeds = buildCorpus({ contentDir: "content", now: new Date().toISOString() });
  if (SIZES.length && hasWrk()) {
    const script = await bundleInstrumentedWorker();
    for (const size of SIZES) await servedSize(size, seeds, script);
  } else if (SIZES.length) {
    console.log("wrk is not installed (apt-get install wrk); it drives the load. Requests not measured.\n");
  }
  for (const size of PLAN_SIZES) await plannedSize(size);
  if (STORY_SIZES.length) {
    console.log("\n== Story grouping (the deploy's grouper on generated corpora, scripts/bench/stories.ts)");
    // its own process, so that its peak memory is the grouper's own
    execFileSync(
      process.execPath,
      [
        "--max-old-space-size=4000",
        "--expose-gc",
        "--import",
        "tsx",
        join(import.meta.dirname, "stories.ts"),
        ...STORY_SIZES.map(String),
      ],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  }
}

await main();
