/**
 * The story grouper against brute force. On generated corpora
 * (src/ingest/stories/synthetic.ts: names from a skewed pool, originals,
 * syndicated copies, lead excerpts, edited versions, rewrites by other
 * outlets, other events with an earlier story's names, some undated) of 0 to
 * 2,500 articles, with the index caps drawn small as well as default (so
 * names and band buckets at and past the caps occur), an oracle compares
 * EVERY pair with the grouper's own link predicate (linkKind, which includes
 * the caps: a copy needs a band bucket the index lists, a rewrite two names
 * it lists) and clusters the links with its own union-find. The indexed
 * grouper must find exactly the same links and the same partition, each
 * story's id its earliest member. Planted identical copies always join.
 * WIREFEED_PROPERTY_RUNS multiplies the runs (the long suite runs larger
 * corpora in test/long/stories-oracle.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storyFeatures } from "../../src/ingest/stories/features.js";
import { findLinks, type IndexCaps, storiesOf, storyIndex } from "../../src/ingest/stories/group.js";
import { allPairs } from "../../src/ingest/stories/oracle.js";
import { StoryPack } from "../../src/ingest/stories/pack.js";
import { type SyntheticArticle, syntheticStories } from "../../src/ingest/stories/synthetic.js";

const RUNS = Number(process.env.WIREFEED_PROPERTY_RUNS ?? 1);

/** Checks the indexed grouper against all pairs on one generated corpus; returns the links found. */
function checkAgainstAllPairs(n: number, seed: number, caps: IndexCaps): { copy: number; rewrite: number } {
  const articles: SyntheticArticle[] = [...syntheticStories(n, seed)];
  const pack = new StoryPack();
  for (const a of articles) pack.push(storyFeatures(a.input));
  const index = storyIndex(pack, caps);
  // the oracle: every pair, the same predicate, its own union-find
  const oracle = allPairs(pack, index);
  const found = findLinks(pack, index);
  const actual: string[] = [];
  for (let k = 0; k < found.length; k++)
    actual.push(`${found.i[k]}-${found.j[k]}-${found.kind[k] === 1 ? "copy" : "rewrite"}`);
  expect(actual.sort()).toEqual(oracle.links.sort());
  const stories = storiesOf(pack, found);
  const partition = (groups: string[][]) => groups.map((g) => [...g].sort().join(" ")).sort();
  expect(partition(stories.map((s) => s.members))).toEqual(partition(oracle.groups));
  expect(stories.flatMap((s) => s.members)).toHaveLength(n);
  // undated last ("~" sorts after digits), then by key
  const day = new Map(articles.map((a) => [a.input.key, `${a.input.published ?? "~"} ${a.input.key}`]));
  for (const s of stories) {
    expect(s.id).toBe(s.members[0]);
    const first = [...s.members].sort((x, y) => ((day.get(x) as string) < (day.get(y) as string) ? -1 : 1))[0];
    expect(s.id).toBe(first);
  }
  // a syndicated copy is the same text: it joins its original (unless its bands' buckets are past a small cap)
  const count = { copy: oracle.copies, rewrite: oracle.rewrites };
  if (caps.bucketCap !== undefined) return count;
  const storyOf = new Map<string, string>();
  for (const s of stories) for (const m of s.members) storyOf.set(m, s.id);
  const original = new Map<number, string>();
  for (const a of articles) {
    if (a.kind === "original" || a.kind === "other-event") original.set(a.story, a.input.key);
    else if (a.kind === "copy") expect(storyOf.get(a.input.key)).toBe(storyOf.get(original.get(a.story) as string));
  }
  return count;
}

describe("story grouping against all pairs", () => {
  it("finds exactly the links and the stories a comparison of every pair finds", () => {
    let links = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 30, max: 400 }), fc.constantFrom(800)),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.oneof(
          fc.constant({}),
          fc.record({ bucketCap: fc.integer({ min: 2, max: 6 }), nameCap: fc.integer({ min: 2, max: 12 }) }),
        ),
        (n, seed, caps) => {
          const { copy, rewrite } = checkAgainstAllPairs(n, seed, caps);
          links += copy + rewrite;
        },
      ),
      { numRuns: 8 * RUNS },
    );
    expect(links).toBeGreaterThan(0);
  }, 120_000);

  it("on 2,500 articles with the default caps and with small ones, finds copies and rewrites", () => {
    const full = checkAgainstAllPairs(2500, 7, {});
    expect(full.copy).toBeGreaterThan(100);
    expect(full.rewrite).toBeGreaterThan(50);
    checkAgainstAllPairs(1000, 11, { bucketCap: 3, nameCap: 6 });
  }, 120_000);
});
