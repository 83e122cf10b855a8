/**
 * A story's identity and dates as readers see them across deploys: its id is
 * its first article's (the one Wirefeed had first), so it holds when coverage
 * joins later, even coverage dated earlier; its `updated` moves when coverage
 * joins and stays put when nothing changes; the five seeds, grouped by the
 * real grouper, are one story whose id survives a seed arriving later.
 */
import { describe, expect, it } from "vitest";
import { planStories, storyPlanOf } from "../../src/publish/story-plan.js";
import type { Article } from "../../src/schema/article.js";
import { buildCorpusFixture, REAL_CONTENT } from "../support/corpus.js";
import { articleOf } from "../support/generated.js";

const at = (iso: string, n: number, words = 3): Article => ({
  ...articleOf({ slot: 0, topics: [], words: ["alpha", "bravo", "charlie"].slice(0, words) }, n, "s"),
  published: iso,
  updated: iso,
});

describe("story ids and dates", () => {
  const a = at("2025-03-10T00:00:00.000Z", 1);
  const b = at("2025-03-11T00:00:00.000Z", 2);
  // coverage found later, about the same event, dated before the others
  const c = at("2025-03-09T00:00:00.000Z", 3, 1);
  const seen: Record<string, string> = {
    [a.key]: "2025-03-10T06:00:00.000Z",
    [b.key]: "2025-03-11T06:00:00.000Z",
    [c.key]: "2025-04-01T00:00:00.000Z",
  };
  const firstSeen = (k: string) => seen[k];

  it("the id is the first article Wirefeed had, and holds when earlier-dated coverage joins later", () => {
    const before = planStories([a, b], [[a.key, b.key]], firstSeen).get(b.key);
    const after = planStories([a, b, c], [[c.key, a.key, b.key]], firstSeen).get(c.key);
    expect(before?.ref.id).toBe(a.id);
    expect(after?.ref.id).toBe(a.id);
    // the story now starts with its earliest report, and lists it first
    expect(after?.published).toBe(c.published);
    expect(after?.ref.articles.map((v) => v.slug)).toEqual([c.slug, a.slug, b.slug]);
  });

  it("updated moves when coverage joins, to when it joined, and not otherwise", () => {
    const before = planStories([a, b], [[a.key, b.key]], firstSeen).get(a.key);
    const again = planStories([a, b], [[b.key, a.key]], firstSeen).get(a.key);
    const after = planStories([a, b, c], [[a.key, b.key, c.key]], firstSeen).get(a.key);
    expect(again).toEqual(before);
    expect(before?.ref.updated).toBe(seen[b.key]);
    expect(after?.ref.updated).toBe(seen[c.key]);
  });

  it("a story of many versions lists its first 20 and counts them all, on every version", () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      at(`2025-03-${String(i + 1).padStart(2, "0")}T00:00:00.000Z`, 10 + i),
    );
    const plan = planStories(many, [many.map((x) => x.key)]);
    for (const x of many) {
      expect(plan.get(x.key)?.ref.count).toBe(25);
      expect(plan.get(x.key)?.ref.articles.map((v) => v.slug)).toEqual(many.slice(0, 20).map((y) => y.slug));
    }
  });

  it("the five seeds are one story, whose id and place hold when a seed arrives later", async () => {
    const corpus = buildCorpusFixture(REAL_CONTENT);
    const ledger = (k: string) => corpus.ledger[k]?.firstPublished;
    const all = await storyPlanOf(corpus.articles, ledger);
    expect(new Set(corpus.articles.map((x) => all.get(x.key)?.ref.id)).size).toBe(1);
    const story = all.get(corpus.articles[0]?.key ?? "");
    expect(story?.size).toBe(5);
    // the same corpus as it was before its last seed arrived, then with it, a day later
    const late = corpus.articles.find((x) => x.id !== story?.ref.id) as Article;
    const fewer = await storyPlanOf(
      corpus.articles.filter((x) => x !== late),
      ledger,
    );
    // it arrives a day after the last edit of any seed
    const lastEdit =
      corpus.articles
        .map((x) => x.updated)
        .sort()
        .at(-1) ?? "";
    const arrival = new Date(Date.parse(lastEdit) + 86_400_000).toISOString();
    const later = (k: string) => (k === late.key ? arrival : ledger(k));
    const grown = await storyPlanOf(corpus.articles, later);
    expect(fewer.get(corpus.articles.find((x) => x !== late)?.key ?? "")?.ref.id).toBe(story?.ref.id);
    expect(grown.get(late.key)?.ref.id).toBe(story?.ref.id);
    // the story changed when the late seed joined: its updated is then
    expect(fewer.get(corpus.articles.find((x) => x !== late)?.key ?? "")?.ref.updated).toBe(lastEdit);
    expect(grown.get(late.key)?.ref.updated).toBe(arrival);
  });
});
