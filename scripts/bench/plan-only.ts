/**
 * `node --max-old-space-size=1900 --expose-gc --import tsx scripts/bench/plan-only.ts SIZE`:
 * the deploy's work after cleaning, in one process, on a generated corpus of
 * SIZE articles, writing nothing (a dry run, for sizes whose KV would not fit
 * this machine's disk):
 * 1. grouping: every article's story features computed as it streams by,
 *    on worker threads (one per core, as the deploy does), then the grouper
 *    (src/ingest/stories, sharedGroupsOnThreads, what storyPlanOf runs);
 * 2. the stories' plan (planStories, from the facts of every article kept
 *    in a temporary file during the grouping's pass, version-facts.ts);
 * 3. the planner (planSorted): every key of the articles and the stories,
 *    in one pass, each article's item and record made on worker threads
 *    (one fewer than the grouping's: this thread looks up the terms).
 * Then it plans again with one article's title changed, against the first
 * plan's root, and counts the keys the first plan did not have (what a
 * re-deploy writes; the grouping is reused, a title edit moving no story).
 *
 * The corpus is src/ingest/stories/synthetic.ts's (copies, excerpts, edits,
 * rewrites, other events with the same names), made into articles with the
 * topics and spread of dates of ./synthetic.ts (oldest first, as the planner
 * takes them). The grouper reads the generator's own dates, as it reads a
 * page's; the planner orders by the articles'. The corpus is generated
 * first into a file of JSON lines in the system's temporary directory (not
 * timed as the deploy's), and each pass reads it back and parses it, as a
 * deploy reads its cleaned corpus. With BENCH_CORPUS=PATH the file is
 * PATH.SIZE, kept and reused by the next run of that size.
 *
 * Prints one JSON line: seconds per phase (wall and CPU), the making of the
 * corpus's, the process's peak resident set, stories, keys and bytes by
 * kind, and the re-deploy's keys. Run in its own process by scripts/bench/run.ts, so the
 * peak is the deploy's own.
 */
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { uuidV5 } from "../../src/ingest/article.js";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { defaultThreads, sharedGroupsOnThreads } from "../../src/ingest/stories/threads.js";
import { planSorted } from "../../src/publish/plan.js";
import { planStories } from "../../src/publish/story-plan.js";
import { FactsFile } from "../../src/publish/version-facts.js";
import type { Article } from "../../src/schema/article.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { prng } from "../../src/shared/prng.js";
import { syntheticArticle } from "./synthetic.js";

const size = Number(process.argv[2] ?? 1000);
const NOW = "2026-01-01T00:00:00.000Z";
const seeds = buildCorpus({ contentDir: "content", now: NOW });

/** The generator's article i as a cleaned article (its title and text, the topics and date of ./synthetic.ts), with the date its text gives. */
function* generated(): Generator<{ article: Article; day: string | null }> {
  const rand = prng(42);
  let i = 0;
  for (const { input } of syntheticStories(size, 1)) {
    const base = syntheticArticle(seeds.articles, seeds.topics, i, size, rand);
    const paragraphs = input.text.split("\n");
    const article: Article = {
      ...base,
      key: input.key,
      slug: `${i}-${input.title.toLowerCase().split(" ").slice(0, 6).join("-")}`,
      title: input.title,
      body: paragraphs.map((text) => ({ type: "paragraph", text })),
      wordCount: input.text.split(/\s+/).length,
      id: `urn:uuid:${uuidV5(`bench:${i}`)}`,
    };
    yield { article, day: input.published };
    i++;
  }
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rss = () => process.resourceUsage().maxRSS / 1024;
// garbage collection's pauses, summed (the observer reports them after the fact)
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ["gc"] });
const mib = (n: number) => Math.round(n / 2 ** 20);
// the resident set every second, and what it was made of at its highest (heap, array buffers, the rest: threads' heaps, code, malloc)
let phase = "";
let peakSample = { phase, rssMiB: 0, heapMiB: 0, arrayBuffersMiB: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  if (mib(m.rss) > peakSample.rssMiB)
    peakSample = { phase, rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed), arrayBuffersMiB: mib(m.arrayBuffers) };
}, 1000).unref();
/** Times a phase, and says on stderr when it ends (a long run shows where it is). */
async function timed<T>(
  name: string,
  work: () => T | Promise<T>,
): Promise<{ value: T; seconds: number; cpuSeconds: number; gcSeconds: number; busySeconds: number }> {
  const t = performance.now();
  const c = cpu();
  const g = gcMs;
  const elu = performance.eventLoopUtilization();
  phase = name;
  const value = await work();
  const seconds = (performance.now() - t) / 1000;
  // how long this thread was busy (not waiting for worker threads)
  const busySeconds = performance.eventLoopUtilization(elu).active / 1000;
  // the observer hears of a pause on a later turn of the event loop
  await new Promise((resolve) => setTimeout(resolve, 100));
  const m = process.memoryUsage();
  process.stderr.write(
    `${name}: ${seconds.toFixed(1)} s (this thread busy ${busySeconds.toFixed(1)} s, GC ${((gcMs - g) / 1000).toFixed(1)} s), peak RSS so far ${rss().toFixed(0)} MiB; now heap ${mib(m.heapUsed)} MiB, array buffers ${mib(m.arrayBuffers)} MiB, RSS ${mib(m.rss)} MiB\n`,
  );
  return { value, seconds, cpuSeconds: cpu() - c, gcSeconds: (gcMs - g) / 1000, busySeconds };
}

// The cleaned corpus on disk, one JSON line per article (what a deploy reads), made first and not timed as the deploy's.
// BENCH_CORPUS=FILE keeps it there and reuses it on the next run of the same size (it takes minutes at a million)
const kept = process.env.BENCH_CORPUS;
const dir = mkdtempSync(join(tmpdir(), "wirefeed-plan-"));
const file = kept ? `${kept}.${size}` : join(dir, "corpus.jsonl");
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const making = await timed("making the corpus", () => {
  if (existsSync(file)) return statSync(file).size;
  // written aside and renamed when whole, so an interrupted run leaves nothing to reuse
  const fd = openSync(`${file}.partial`, "w");
  let bytes = 0;
  let batch: string[] = [];
  const flush = () => {
    const chunk = batch.join("");
    writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    batch = [];
  };
  for (const v of generated()) {
    batch.push(`${JSON.stringify(v)}\n`);
    if (batch.length === 1000) flush();
  }
  flush();
  closeSync(fd);
  renameSync(`${file}.partial`, file);
  return bytes;
});
global.gc?.();

/** Each line of a file, read in 4 MiB chunks. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  let rest = "";
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const parts = (rest + buf.toString("utf8", 0, n)).split("\n");
      rest = parts.pop() ?? "";
      yield* parts;
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
/** The corpus as read back from disk, with article `changed`'s title corrected (the re-deploy). */
function* versions(changed = -1): Generator<{ article: Article; day: string | null }> {
  let i = 0;
  for (const line of lines(file)) {
    const v = JSON.parse(line) as { article: Article; day: string | null };
    if (i++ === changed)
      v.article = { ...v.article, title: `${v.article.title} (corrected)`, contentHash: "e".repeat(64) };
    yield v;
  }
}
function* articles(changed = -1): Generator<Article> {
  for (const v of versions(changed)) yield v.article;
}
const afterMaking = rss();

const threads = defaultThreads();
// BENCH_PLAN_THREADS=1 plans in this thread alone (to compare)
const planThreads = Number(process.env.BENCH_PLAN_THREADS ?? threads);
// what storyPlanOf does, with the generator's date for the page's
const facts = new FactsFile();
const grouping = await timed("grouping", async () => {
  function* inputs() {
    for (const { article, day } of versions()) {
      facts.add(article);
      yield { key: article.key, title: article.title, text: blocksToLines(article.body).join("\n"), published: day };
    }
  }
  return sharedGroupsOnThreads(inputs(), threads);
});
global.gc?.();
const afterGrouping = rss();

const storyPlanning = await timed("stories' plan", () => planStories(facts.read(), grouping.value));
facts.close();
const stories = storyPlanning.value;
const shared = stories.storyCount;
const articlesInThem = stories.size;
grouping.value.length = 0;
global.gc?.();

// BENCH_REPLAN=0 skips the re-deploy's plan (it takes as long as the first), and keeping the first plan's keys to compare
const replan = process.env.BENCH_REPLAN !== "0";
const keys = new Set<string>();
let keyCount = 0;
const planning = await timed("planning", () =>
  planSorted(
    articles(),
    seeds.topics,
    (e) => {
      keyCount++;
      if (replan) keys.add(e.key);
    },
    { now: NOW, stories, threads: planThreads },
  ),
);
const plan = planning.value;
const peakRssMiB = rss();

let rewritten = 0;
const replanning = await timed("re-planning", async () => {
  if (!replan) return null;
  return planSorted(
    articles(Math.floor(size / 2)),
    seeds.topics,
    (e) => {
      if (!keys.has(e.key)) rewritten++;
    },
    { now: NOW, previous: plan.root, stories, threads: planThreads },
  );
});

stories.close();

const phases = { grouping, storyPlanning, planning };
const total = Object.values(phases).reduce((s, p) => s + p.seconds, 0);
console.log(
  JSON.stringify({
    size,
    threads,
    planThreads,
    seconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.seconds])),
    cpuSeconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.cpuSeconds])),
    gcSeconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.gcSeconds])),
    busySeconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.busySeconds])),
    totalSeconds: total,
    totalCpuSeconds: Object.values(phases).reduce((s, p) => s + p.cpuSeconds, 0),
    corpusSeconds: making.seconds,
    corpusBytes: making.value,
    peakRssMiB,
    peakSample,
    rssMiB: { afterMaking, afterGrouping },
    stories: size - articlesInThem + shared,
    storiesOfSeveral: shared,
    articlesInThem,
    keys: keyCount,
    bytes: Object.values(plan.stats).reduce((n, s) => n + s.bytes, 0),
    stats: plan.stats,
    segments: plan.root.segments.length,
    parts: plan.root.parts.length,
    maxPartsPerTerm: plan.root.maxPartsPerTerm,
    rootBytes: plan.stats.root?.bytes,
    replanSeconds: replan ? replanning.seconds : null,
    // the manifest is written too
    redeployKeys: replan ? rewritten + 1 : null,
  }),
);
