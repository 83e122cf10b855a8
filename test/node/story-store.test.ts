/**
 * The stories' plan is held as JSON, written to a temporary file a chunk at
 * a time and read back by position (src/publish/story-store.ts). Whatever
 * the chunk size, every member must get its own story back exactly (titles
 * of any characters: positions are in bytes, not characters), each story
 * once in order, and the same plan as a plan held in memory.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidV5 } from "../../src/ingest/article.js";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { planStories } from "../../src/publish/story-plan.js";
import { type PlannedStory, StoryPlan } from "../../src/publish/story-store.js";
import type { Article } from "../../src/schema/article.js";

const NOW = "2026-01-01T00:00:00.000Z";
const seed = buildCorpus({ contentDir: "content", now: NOW }).articles[0] as Article;

/** A story whose versions have the given titles. */
const story = (n: number, titles: string[]): PlannedStory => ({
  ref: {
    id: `urn:uuid:${uuidV5(`store:${n}`)}`,
    updated: NOW,
    count: titles.length,
    articles: titles.map((title, i) => ({
      slug: `s${n}-${i}`,
      title,
      site: i % 2 ? `Site ${i}` : null,
      sourceUrl: `https://example.com/${n}/${i}`,
      published: NOW,
      dateSource: "text",
    })),
  },
  best: `k${n}-0`,
  newest: `k${n}-${titles.length - 1}`,
  published: NOW,
  dateSource: "text",
  size: titles.length,
  topics: n % 3 ? ["kosovo"] : [],
  orderKey: [Date.parse(NOW) + n, `s${n}-0`],
});

/** What a story reads back as: the same, as JSON gives it. */
const asRead = (s: PlannedStory): PlannedStory => JSON.parse(JSON.stringify(s)) as PlannedStory;

describe("the stories' plan, written out a chunk at a time", () => {
  it("gives every member its story back exactly, whatever the chunk size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 2, maxLength: 5 }), {
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 400 }),
        (stories, chunkBytes) => {
          const made = stories.map((titles, n) => story(n, titles));
          const plan = new StoryPlan(chunkBytes);
          try {
            for (const [n, s] of made.entries())
              plan.add(
                s,
                s.ref.articles.map((_, i) => `k${n}-${i}`),
              );
            expect(plan.storyCount).toBe(made.length);
            expect(plan.size).toBe(made.reduce((t, s) => t + s.size, 0));
            made.forEach((s, n) => {
              for (let i = 0; i < s.size; i++) expect(plan.get(`k${n}-${i}`)).toEqual(asRead(s));
            });
            expect(plan.get("k-none")).toBeUndefined();
            expect([...plan.all()]).toEqual(made.map(asRead));
          } finally {
            plan.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses an article in two stories, and any use once closed", () => {
    const plan = new StoryPlan(1);
    plan.add(story(0, ["a", "b"]), ["k0-0", "k0-1"]);
    expect(() => plan.add(story(1, ["c", "d"]), ["k1-0", "k0-1"])).toThrow(/k0-1 is in two stories/);
    plan.close();
    expect(() => plan.get("k0-0")).toThrow(/after it was closed/);
  });

  it("plans the same stories from a file as in memory (generated coverage, hundreds of stories)", () => {
    const articles: Article[] = [];
    let i = 0;
    for (const { input } of syntheticStories(1200, 1)) {
      const published = input.published ?? NOW;
      articles.push({
        ...seed,
        key: input.key,
        id: `urn:uuid:${uuidV5(`store-plan:${i}`)}`,
        slug: `${i}-story-store`,
        title: input.title,
        published,
        updated: published,
        wordCount: input.text.split(/\s+/).length,
      });
      i++;
    }
    // the generator's own stories stand in for the grouper's
    const groups = new Map<string, string[]>();
    let n = 0;
    for (const { input, story: s } of syntheticStories(1200, 1)) {
      const g = groups.get(String(s)) ?? [];
      g.push(input.key);
      groups.set(String(s), g);
      n++;
    }
    expect(n).toBe(articles.length);
    const held = planStories(articles, [...groups.values()]);
    const filed = planStories(articles, [...groups.values()], undefined, 512);
    try {
      expect(held.storyCount).toBeGreaterThan(100);
      expect(filed.storyCount).toBe(held.storyCount);
      expect([...filed]).toEqual([...held]);
    } finally {
      held.close();
      filed.close();
    }
  });
});
