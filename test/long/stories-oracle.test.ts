/**
 * The story grouper against brute force on larger generated corpora (the
 * long suite): 2,000 to 8,000 articles, default and small index caps. Every
 * pair is compared with the grouper's own link predicate
 * (src/ingest/stories/oracle.ts); the indexed grouper must find exactly the
 * same links and the same stories. test/node/stories-oracle.test.ts runs
 * the same check on 0 to 2,500 articles in `npm test`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storyFeatures } from "../../src/ingest/stories/features.js";
import { findLinks, type IndexCaps, storiesOf, storyIndex } from "../../src/ingest/stories/group.js";
import { allPairs } from "../../src/ingest/stories/oracle.js";
import { StoryPack } from "../../src/ingest/stories/pack.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";

function check(n: number, seed: number, caps: IndexCaps): number {
  const pack = new StoryPack();
  for (const a of syntheticStories(n, seed)) pack.push(storyFeatures(a.input));
  const index = storyIndex(pack, caps);
  const oracle = allPairs(pack, index);
  const found = findLinks(pack, index);
  const actual: string[] = [];
  for (let k = 0; k < found.length; k++)
    actual.push(`${found.i[k]}-${found.j[k]}-${found.kind[k] === 1 ? "copy" : "rewrite"}`);
  expect(actual.sort()).toEqual(oracle.links.sort());
  const partition = (groups: string[][]) => groups.map((g) => [...g].sort().join(" ")).sort();
  expect(partition(storiesOf(pack, found).map((s) => s.members))).toEqual(partition(oracle.groups));
  return oracle.links.length;
}

describe("story grouping against all pairs, larger corpora", () => {
  it("finds exactly the links and the stories a comparison of every pair finds", () => {
    let links = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 8000 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.oneof(
          fc.constant({}),
          fc.record({ bucketCap: fc.integer({ min: 2, max: 8 }), nameCap: fc.integer({ min: 2, max: 40 }) }),
        ),
        (n, seed, caps) => {
          links += check(n, seed, caps);
        },
      ),
      { numRuns: 6 },
    );
    expect(links).toBeGreaterThan(1000);
  }, 1_200_000);
});
