/**
 * Story feeds are exact at any size, like article feeds: generated corpora
 * (0 to 2,000 articles, tied dates, topics, common and rare words) with
 * generated story groupings (most articles alone, some stories of two to
 * six versions), published by the real deploy code into the real Worker's
 * KV, then random filters on /stories/feed.* and /topics/:slug/stories/feed.*
 * walked along `next` to the end and back along `previous`, against a
 * brute-force oracle written from the documented rules: one item per story,
 * placed at its newest version (newest first, ties by slug), showing its
 * fullest version; a story has the topics and the words of all its versions;
 * `since`/`until` apply to its newest version's date. Tiny layouts make small
 * corpora cross as many cuts as large ones; every request is counted (at
 * most 3 KV round trips of at most 100 keys).
 * WIREFEED_PROPERTY_RUNS multiplies the number of runs; the long suite sets
 * it and also walks a 2,000-article corpus (npm test shows it skipped).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCorpus } from "../../src/publish/deploy.js";
import { planStories } from "../../src/publish/story-plan.js";
import type { Article } from "../../src/schema/article.js";
import type { Layout } from "../../src/schema/layout.js";
import { type Format, inFormat, walkNext, walkPrevious } from "../support/feed-walk.js";
import {
  corpusOf,
  EPOCH,
  type FilterSpec,
  filterArb,
  findable,
  newestFirst,
  queryOf,
  SMALL,
  STEP,
  specArb,
  TINY,
  TOPICS,
} from "../support/generated.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

const RUNS = Number(process.env.WIREFEED_PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
/** Only the long suite (npm run test:long, run by CI) walks the 2,000-article corpus. */
const LONG = RUNS > 1;

let worker: RunningWorker;
let clock = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  worker = await startWorker({ instrumented: true });
});
afterAll(() => worker?.close());

/** Groups from generated choices: article i joins the story of an earlier article, or starts its own. */
function groupsOf(articles: readonly Article[], joins: readonly (number | null)[]): string[][] {
  const storyOf: number[] = [];
  const groups: string[][] = [];
  for (const [i, a] of articles.entries()) {
    const j = joins[i];
    const target = j !== null && j !== undefined && i > 0 ? (storyOf[j % i] as number) : -1;
    if (target >= 0 && (groups[target]?.length ?? 0) < 6) {
      groups[target]?.push(a.key);
      storyOf.push(target);
    } else {
      storyOf.push(groups.length);
      groups.push([a.key]);
    }
  }
  return groups;
}

interface OracleStory {
  /** The slug the story's item links to: its fullest version (the earliest on a tie). */
  shows: string;
  newest: Article;
  topics: Set<string>;
  words: Set<string>;
}

function storiesOf(articles: readonly Article[], groups: readonly string[][]): OracleStory[] {
  const byKey = new Map(articles.map((a) => [a.key, a]));
  return groups.map((g) => {
    const members = g.map((k) => byKey.get(k) as Article);
    const earliestFirst = [...members].sort(
      (x, y) => x.published.localeCompare(y.published) || (x.key < y.key ? -1 : 1),
    );
    let best = earliestFirst[0] as Article;
    for (const m of earliestFirst) if (m.wordCount > best.wordCount) best = m;
    return {
      shows: best.slug,
      newest: newestFirst(members)[0] as Article,
      topics: new Set(members.flatMap((m) => m.topics)),
      words: new Set(members.flatMap((m) => [...findable(m)])),
    };
  });
}

/** What a story filter must return, newest story first: by brute force over every story. */
function storyOracle(stories: readonly OracleStory[], f: FilterSpec): string[] {
  const order = newestFirst(stories.map((s) => s.newest));
  const byNewest = new Map(stories.map((s) => [s.newest.key, s]));
  return order
    .map((a) => byNewest.get(a.key) as OracleStory)
    .filter((s) => {
      const has = (t: string) => s.topics.has(t);
      if (f.pathTopic && !has(f.pathTopic)) return false;
      if (f.topic.length && (f.topic.length > 1 && f.match === "all" ? !f.topic.every(has) : !f.topic.some(has)))
        return false;
      if (f.exclude.some(has)) return false;
      if (!f.q.every((w) => s.words.has(w))) return false;
      const t = Date.parse(s.newest.published);
      if (f.since !== null && t < EPOCH + f.since * STEP) return false;
      if (f.until !== null && t > EPOCH + f.until * STEP) return false;
      return true;
    })
    .map((s) => s.shows);
}

async function checkStoryWalk(
  articles: Article[],
  stories: OracleStory[],
  filter: FilterSpec,
  format: Format,
  maxPages = 40,
): Promise<void> {
  const matches = storyOracle(stories, filter).length;
  const f = { ...filter, limit: Math.min(100, Math.max(filter.limit, Math.ceil(matches / maxPages))) };
  const expected = storyOracle(stories, f);
  const path = f.pathTopic ? `/topics/${f.pathTopic}/stories/feed.${format}` : `/stories/feed.${format}`;
  const first = new URL(`${path}?${queryOf(f)}`, worker.url).toString();
  const context = `${first} over ${articles.length} articles, ${stories.length} stories`;
  const pages = await walkNext(first, maxPages + 2);
  for (const p of pages) {
    expect(p.roundTrips, `${p.url}: KV round trips`).toBeLessThanOrEqual(3);
    expect(p.mostKeys, `${p.url}: keys in one bulk read`).toBeLessThanOrEqual(100);
  }
  expect(
    pages.flatMap((p) => p.slugs),
    context,
  ).toEqual(expected);
  for (const p of pages.slice(0, -1)) expect(p.slugs, `${p.url}: a page but the last is full`).toHaveLength(f.limit);
  const last = pages.at(-1);
  expect(last?.next, context).toBeNull();
  const back = await walkPrevious(inFormat(last?.url ?? "", "atom"), maxPages + 2);
  expect(
    back.map((p) => p.slugs),
    `${context}: previous pages`,
  ).toEqual(
    pages
      .slice(0, -1)
      .reverse()
      .map((p) => p.slugs),
  );
}

async function publish(articles: Article[], groups: string[][], layout: Layout): Promise<OracleStory[]> {
  clock += 1000;
  await deployCorpus(articles, TOPICS, worker.kv, {
    lockSettleMs: 0,
    graceSeconds: 0,
    layout,
    now: () => clock,
    stories: planStories(articles, groups),
  });
  return storiesOf(articles, groups);
}

const FORMATS: Format[] = ["json", "atom", "xml"];
const joinArb = fc.option(fc.nat(), { nil: null, freq: 2 });

describe("walking any filter on a story feed gives exactly what a brute-force filter gives", () => {
  for (const size of [0, 1, 40, 150]) {
    it(`on corpora of ${size} articles grouped into stories`, async () => {
      const slots = Math.max(1, Math.ceil(size / 3));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(specArb(slots), joinArb), { minLength: size, maxLength: size }),
          fc.constantFrom(TINY, SMALL),
          fc.array(fc.tuple(filterArb(slots), fc.constantFrom(...FORMATS)), { minLength: 1, maxLength: 4 }),
          async (generated, layout, walks) => {
            const articles = corpusOf(generated.map(([s]) => s));
            const groups = groupsOf(
              articles,
              generated.map(([, j]) => j),
            );
            const stories = await publish(articles, groups, layout);
            for (const [filter, format] of walks) await checkStoryWalk(articles, stories, filter, format);
          },
        ),
        { numRuns: runs(size > 100 ? 3 : 4) },
      );
    });
  }

  it.runIf(LONG)("on a corpus of 2,000 articles in a small layout (long suite)", async () => {
    const generated = fc.sample(fc.tuple(specArb(500), joinArb), { numRuns: 2000, seed: 2000 });
    const articles = corpusOf(generated.map(([s]) => s));
    const groups = groupsOf(
      articles,
      generated.map(([, j]) => j),
    );
    const stories = await publish(articles, groups, SMALL);
    expect(stories.length).toBeLessThan(articles.length);
    await fc.assert(
      fc.asyncProperty(filterArb(500), fc.constantFrom(...FORMATS), async (filter, format) => {
        await checkStoryWalk(articles, stories, filter, format, 55);
      }),
      { numRuns: runs(5) },
    );
  });
});
