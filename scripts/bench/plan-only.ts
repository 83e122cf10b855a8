/**
 * `node --max-old-space-size=1900 --expose-gc --import tsx scripts/bench/plan-only.ts SIZE`:
 * the deploy's work after cleaning, in one process, on a generated corpus of
 * SIZE articles, writing nothing (a dry run, for sizes whose KV would not fit
 * this machine's disk):
 * 1. grouping: every article's story features computed as it streams by,
 *    then the grouper (src/ingest/stories, groupInputs, what storyPlanOf runs);
 * 2. the stories' plan (planStories: a second pass keeping the facts of the
 *    versions of stories of several articles);
 * 3. the planner (planSorted): every key of the articles and the stories.
 * Then it plans again with one article's title changed, against the first
 * plan's root, and counts the keys the first plan did not have (what a
 * re-deploy writes; the grouping is reused, a title edit moving no story).
 *
 * The corpus is src/ingest/stories/synthetic.ts's (copies, excerpts, edits,
 * rewrites, other events with the same names), made into articles with the
 * topics and spread of dates of ./synthetic.ts (oldest first, as the planner
 * takes them). The grouper reads the generator's own dates, as it reads a
 * page's; the planner orders by the articles'. The corpus is generated anew
 * on each pass; one pass of generation alone is timed in the same run, so
 * the deploy's own time is the total less the passes' generation.
 *
 * Prints one JSON line: seconds per phase (wall and CPU), generation's,
 * the process's peak resident set, stories, keys and bytes by kind, and the
 * re-deploy's keys. Run in its own process by scripts/bench/run.ts, so the
 * peak is the deploy's own.
 */
import { uuidV5 } from "../../src/ingest/article.js";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { groupInputs } from "../../src/ingest/stories/group.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { planSorted } from "../../src/publish/plan.js";
import { planStories } from "../../src/publish/story-plan.js";
import type { Article } from "../../src/schema/article.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { prng } from "../../src/shared/prng.js";
import { syntheticArticle } from "./synthetic.js";

const size = Number(process.argv[2] ?? 1000);
const NOW = "2026-01-01T00:00:00.000Z";
const seeds = buildCorpus({ contentDir: "content", now: NOW });

/** The generator's article i as a cleaned article (its title and text, the topics and date of ./synthetic.ts), with the date its text gives. */
function* versions(changed = -1): Generator<{ article: Article; day: string | null }> {
  const rand = prng(42);
  let i = 0;
  for (const { input } of syntheticStories(size, 1)) {
    const base = syntheticArticle(seeds.articles, seeds.topics, i, size, rand);
    const paragraphs = input.text.split("\n");
    const title = i === changed ? `${input.title} (corrected)` : input.title;
    const article: Article = {
      ...base,
      key: input.key,
      slug: `${i}-${input.title.toLowerCase().split(" ").slice(0, 6).join("-")}`,
      title,
      body: paragraphs.map((text) => ({ type: "paragraph", text })),
      wordCount: input.text.split(/\s+/).length,
      contentHash: i === changed ? "e".repeat(64) : base.contentHash,
      id: `urn:uuid:${uuidV5(`bench:${i}`)}`,
    };
    yield { article, day: input.published };
    i++;
  }
}
function* articles(changed = -1): Generator<Article> {
  for (const v of versions(changed)) yield v.article;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const t = performance.now();
  const c = cpu();
  const value = await work();
  return { value, seconds: (performance.now() - t) / 1000, cpuSeconds: cpu() - c };
}
const rss = () => process.resourceUsage().maxRSS / 1024;

// one pass of generation alone: what each pass below spends making the corpus
const generation = await timed(() => {
  let words = 0;
  for (const a of articles()) words += a.wordCount;
  return words;
});
const afterGeneration = rss();

const grouping = await timed(() => {
  const groups: string[][] = [];
  // what storyPlanOf gives the grouper, with the generator's date for the page's
  function* inputs() {
    for (const { article, day } of versions())
      yield { key: article.key, title: article.title, text: blocksToLines(article.body).join("\n"), published: day };
  }
  for (const s of groupInputs(inputs())) if (s.members.length > 1) groups.push(s.members);
  return groups;
});
global.gc?.();
const afterGrouping = rss();

const storyPlanning = await timed(() => planStories(articles(), grouping.value));
const stories = storyPlanning.value;
const shared = new Set(stories.values()).size;
grouping.value.length = 0;
global.gc?.();

const keys = new Set<string>();
const planning = await timed(() =>
  planSorted(
    () => articles(),
    seeds.topics,
    (e) => {
      keys.add(e.key);
    },
    { now: NOW, stories },
  ),
);
const plan = planning.value;
const peakRssMiB = rss();

// BENCH_REPLAN=0 skips the re-deploy's plan (it takes as long as the first)
const replan = process.env.BENCH_REPLAN !== "0";
let rewritten = 0;
const replanning = await timed(async () => {
  if (!replan) return null;
  return planSorted(
    () => articles(Math.floor(size / 2)),
    seeds.topics,
    (e) => {
      if (!keys.has(e.key)) rewritten++;
    },
    { now: NOW, previous: plan.root, stories },
  );
});

const phases = { grouping, storyPlanning, planning };
const total = Object.values(phases).reduce((s, p) => s + p.seconds, 0);
// passes over the corpus: grouping 1, story plan 1, planner 2
const passes = 4;
console.log(
  JSON.stringify({
    size,
    seconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.seconds])),
    cpuSeconds: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.cpuSeconds])),
    totalSeconds: total,
    generationSeconds: generation.seconds,
    passes,
    deploySeconds: total - passes * generation.seconds,
    peakRssMiB,
    rssMiB: { afterGeneration, afterGrouping },
    stories: size - stories.size + shared,
    storiesOfSeveral: shared,
    articlesInThem: stories.size,
    keys: keys.size,
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
