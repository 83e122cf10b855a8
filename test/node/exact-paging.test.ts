/**
 * Every filter, every page, exact at any size: generated corpora (0 to 5,000
 * articles; topics, tied dates, common and rare words) published by the real
 * deploy code into the KV of the real Worker (in workerd), then each random
 * filter walked along `next` to the end and back along `previous`, against a
 * brute-force oracle over the whole corpus. Tiny layouts (segments of a few
 * articles, index parts of a few hundred bytes) make small corpora cross as
 * many cuts as large ones. Every request is counted: at most 3 KV round
 * trips, at most 100 keys each. Shrunk failures are kept in
 * exact-paging.regressions.ts and replayed first.
 * WIREFEED_PROPERTY_RUNS multiplies the number of runs; the long suite
 * (npm run test:long, run by CI) sets it, and only it walks the 5,000-article
 * corpus and new articles arriving mid-walk (npm test shows them skipped).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCorpus } from "../../src/publish/deploy.js";
import { StoryPlan } from "../../src/publish/story-store.js";
import type { Article } from "../../src/schema/article.js";
import { DEFAULT_LAYOUT, type Layout } from "../../src/schema/layout.js";
import { type Format, fetchPage, inFormat, walkNext, walkPrevious } from "../support/feed-walk.js";
import {
  corpusOf,
  type FilterSpec,
  filterArb,
  newestFirst,
  oracle,
  queryOf,
  SMALL,
  specArb,
  TINY,
  TOPICS,
} from "../support/generated.js";
import { type RunningWorker, startWorker } from "../support/worker.js";
import { REGRESSIONS } from "./exact-paging.regressions.js";

const RUNS = Number(process.env.WIREFEED_PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
/** The long suite (npm run test:long, which CI runs too) also walks the 5,000-article corpus and arrivals. */
const LONG = RUNS > 1;

let worker: RunningWorker;
let clock = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  worker = await startWorker({ instrumented: true });
});
afterAll(() => worker?.close());

async function publish(articles: Article[], layout: Layout): Promise<void> {
  clock += 1000;
  // these feeds list articles; story feeds are walked the same way in story-paging.test.ts
  const stories = new StoryPlan();
  await deployCorpus(articles, TOPICS, worker.kv, {
    lockSettleMs: 0,
    graceSeconds: 0,
    layout,
    now: () => clock,
    stories,
  });
}

function firstUrl(f: FilterSpec, format: Format): string {
  const path = f.pathTopic ? `/topics/${f.pathTopic}/feed.${format}` : `/feed.${format}`;
  return new URL(`${path}?${queryOf(f)}`, worker.url).toString();
}

/** A limit that keeps a walk within `maxPages` pages (the filter's own when it already does). */
const boundedLimit = (f: FilterSpec, matches: number, maxPages: number): FilterSpec => ({
  ...f,
  limit: Math.min(100, Math.max(f.limit, Math.ceil(matches / maxPages))),
});

/** Walks the filter forward and back and checks every page against the oracle. */
async function checkWalk(articles: Article[], filter: FilterSpec, format: Format, maxPages = 40): Promise<void> {
  const f = boundedLimit(filter, oracle(articles, filter).length, maxPages);
  const expected = oracle(articles, f).map((a) => a.slug);
  const pages = await walkNext(firstUrl(f, format), maxPages + 2);
  const context = `${firstUrl(f, format)} over ${articles.length} articles`;
  for (const p of pages) {
    expect(p.roundTrips, `${p.url}: KV round trips`).toBeLessThanOrEqual(3);
    expect(p.mostKeys, `${p.url}: keys in one bulk read`).toBeLessThanOrEqual(100);
  }
  expect(
    pages.flatMap((p) => p.slugs),
    context,
  ).toEqual(expected);
  if (expected.length === 0) expect(pages, context).toHaveLength(1);
  for (const p of pages.slice(0, -1)) expect(p.slugs, `${p.url}: a page but the last is full`).toHaveLength(f.limit);
  const last = pages.at(-1);
  expect(last?.next, context).toBeNull();
  // back along previous (Atom has the links), from the last page to the first
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
  for (const p of back) expect(p.roundTrips, `${p.url}: KV round trips`).toBeLessThanOrEqual(3);
}

const FORMATS: Format[] = ["json", "atom", "xml"];

describe("regressions: cases the properties once found", () => {
  for (const [i, c] of REGRESSIONS.entries()) {
    it(`case ${i + 1}: ${c.why}`, async () => {
      const articles = corpusOf(c.specs);
      await publish(articles, c.layout);
      await checkWalk(articles, c.filter, c.format);
    });
  }
});

describe("walking any filter gives exactly what a brute-force filter gives", () => {
  for (const size of [0, 1, 99, 100, 101, 250]) {
    it(`on corpora of ${size} articles`, async () => {
      const slots = Math.max(1, Math.ceil(size / 3));
      await fc.assert(
        fc.asyncProperty(
          fc.array(specArb(slots), { minLength: size, maxLength: size }),
          fc.constantFrom(TINY, SMALL),
          fc.array(fc.tuple(filterArb(slots), fc.constantFrom(...FORMATS)), { minLength: 1, maxLength: 4 }),
          async (specs, layout, walks) => {
            const articles = corpusOf(specs);
            await publish(articles, layout);
            for (const [filter, format] of walks) await checkWalk(articles, filter, format);
          },
        ),
        { numRuns: runs(size > 100 ? 3 : 4) },
      );
    });
  }

  it.runIf(LONG)("on a corpus of 5,000 articles, in the default layout and a small one (long suite)", async () => {
    const specs = fc.sample(specArb(1200), { numRuns: 5000, seed: 5000 });
    const articles = corpusOf(specs);
    for (const layout of [DEFAULT_LAYOUT, SMALL]) {
      await publish(articles, layout);
      await fc.assert(
        fc.asyncProperty(filterArb(1200), fc.constantFrom(...FORMATS), async (filter, format) => {
          await checkWalk(articles, filter, format, 55);
        }),
        { numRuns: runs(6) },
      );
    }
  });
});

describe("new articles published between two page requests", () => {
  it.runIf(LONG)(
    "never make a walk skip or repeat an article: each page is what the corpus then holds past its cursor (long suite)",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(specArb(40), { minLength: 60, maxLength: 120 }),
          fc.array(specArb(40), { minLength: 1, maxLength: 30 }),
          filterArb(40),
          fc.integer({ min: 1, max: 3 }),
          async (specs, arrivals, filter, afterPages) => {
            const before = corpusOf(specs);
            await publish(before, TINY);
            const f = boundedLimit(filter, oracle(before, filter).length, 12);
            let url: string | null = firstUrl(f, "json");
            const seen: string[] = [];
            let corpus = before;
            let cursor: Article | undefined;
            for (let page = 0; url && page < 40; page++) {
              if (page === afterPages) {
                corpus = [...before, ...corpusOf(arrivals, "n")];
                await publish(corpus, TINY);
              }
              const p = await fetchPage(url);
              const all = oracle(corpus, f);
              const from = cursor ? newestFirst([...all, cursor]).findIndex((a) => a.slug === cursor?.slug) + 1 : 0;
              const shown = cursor && !all.includes(cursor) ? all.slice(from - 1) : all.slice(from);
              expect(p.slugs, `page ${page + 1} of ${url}`).toEqual(shown.slice(0, f.limit).map((a) => a.slug));
              seen.push(...p.slugs);
              const last = p.slugs.at(-1);
              cursor = corpus.find((a) => a.slug === last);
              url = p.next;
            }
            expect(new Set(seen).size, "no article twice").toBe(seen.length);
            const original = new Set(before.map((a) => a.slug));
            expect(seen.filter((s) => original.has(s))).toEqual(oracle(before, f).map((a) => a.slug));
          },
        ),
        { numRuns: runs(6) },
      );
    },
  );
});
