/**
 * A streamed corpus is read once to group it: the facts its stories are
 * planned from are kept on the way in a temporary file (src/publish/
 * version-facts.ts). They must come back exactly, in order, whatever the
 * file's chunks cut (inside a line, inside a character, a line longer than a
 * chunk), and a stream must give the same story plan as the same articles
 * in an array.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidV5 } from "../../src/ingest/article.js";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { storyPlanOf } from "../../src/publish/story-plan.js";
import { FactsFile, factsOf } from "../../src/publish/version-facts.js";
import type { Article } from "../../src/schema/article.js";

const NOW = "2026-01-01T00:00:00.000Z";
const seeds = buildCorpus({ contentDir: "content", now: NOW });
const seed = seeds.articles[0] as Article;

describe("the stories' facts kept while a corpus streams by", () => {
  it("come back exactly and in order, whatever the chunks cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: fc.string({ unit: "binary", maxLength: 40 }), site: fc.option(fc.string()) }), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 64 }),
        (rows, chunkBytes) => {
          const articles = rows.map(
            (r, i): Article => ({
              ...seed,
              key: `k${i}`,
              title: r.title,
              source: { ...seed.source, site: r.site },
            }),
          );
          const file = new FactsFile(chunkBytes);
          try {
            for (const a of articles) file.add(a);
            const want = articles.map(factsOf);
            // read twice: the file stays until closed
            expect([...file.read()]).toEqual(want);
            expect([...file.read()]).toEqual(want);
          } finally {
            file.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("give a streamed corpus the same story plan as the same articles in an array", async () => {
    const articles: Article[] = [];
    let i = 0;
    for (const { input } of syntheticStories(600, 5)) {
      const published = new Date(Date.parse("2025-01-01T00:00:00Z") + i * 3_600_000).toISOString();
      articles.push({
        ...seed,
        key: input.key,
        id: `urn:uuid:${uuidV5(`facts:${i}`)}`,
        slug: `${i}-facts`,
        title: input.title,
        published,
        updated: published,
        body: input.text.split("\n").map((text) => ({ type: "paragraph", text })),
        wordCount: input.text.split(/\s+/).length,
      });
      i++;
    }
    // the ledger saw some articles first, so the ids depend on it too
    const firstSeen = (key: string) => (key.endsWith("7") ? "2024-06-01T00:00:00.000Z" : undefined);
    const fromArray = await storyPlanOf(articles, firstSeen);
    let reads = 0;
    const fromStream = await storyPlanOf(() => {
      reads++;
      return articles.values();
    }, firstSeen);
    expect(reads).toBe(1);
    expect(fromArray.storyCount).toBeGreaterThan(50);
    expect([...fromStream]).toEqual([...fromArray]);
  });
});
