/**
 * `node --import tsx scripts/bench/plan-only.ts SIZE`: plans a synthetic
 * corpus of SIZE articles with the real planner, streamed oldest first and
 * writing nothing (a dry run of the deploy's planning, for sizes whose KV
 * would not fit this machine's disk), then plans it again with one article
 * changed, and prints one JSON line: seconds, the process's peak resident
 * set, the keys and bytes of each kind the deploy would write, and how many
 * keys the second plan has that the first has not (what a re-deploy
 * writes). Run in its own process by scripts/bench/run.ts, so the peak is
 * the planner's own.
 */
import { buildCorpus } from "../../src/ingest/corpus.js";
import { planSorted } from "../../src/publish/plan.js";
import type { Article } from "../../src/schema/article.js";
import { syntheticArticles } from "./synthetic.js";

const size = Number(process.argv[2] ?? 1000);
const seeds = buildCorpus({ contentDir: "content", now: "2026-01-01T00:00:00.000Z" });
const NOW = "2026-01-01T00:00:00.000Z";

const t0 = performance.now();
const keys = new Set<string>();
const plan = await planSorted(
  () => syntheticArticles(seeds.articles, seeds.topics, size),
  seeds.topics,
  (e) => {
    keys.add(e.key);
  },
  { now: NOW },
);
const planSeconds = (performance.now() - t0) / 1000;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;

const middle = Math.floor(size / 2);
function* changed(): Generator<Article> {
  let i = 0;
  for (const a of syntheticArticles(seeds.articles, seeds.topics, size)) {
    yield i++ === middle ? { ...a, title: `${a.title} (corrected)`, contentHash: "e".repeat(64) } : a;
  }
}
const t1 = performance.now();
let rewritten = 0;
await planSorted(
  changed,
  seeds.topics,
  (e) => {
    if (!keys.has(e.key)) rewritten++;
  },
  { now: NOW, previous: plan.root },
);
console.log(
  JSON.stringify({
    size,
    planSeconds,
    peakRssMiB,
    keys: keys.size,
    bytes: Object.values(plan.stats).reduce((n, s) => n + s.bytes, 0),
    stats: plan.stats,
    segments: plan.root.segments.length,
    parts: plan.root.parts.length,
    maxPartsPerTerm: plan.root.maxPartsPerTerm,
    rootBytes: plan.stats.root?.bytes,
    replanSeconds: (performance.now() - t1) / 1000,
    // the manifest is written too
    redeployKeys: rewritten + 1,
  }),
);
