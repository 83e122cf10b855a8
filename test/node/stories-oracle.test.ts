/**
 * The story grouper against brute force, on generated corpora of 150 to
 * 2,000 articles with planted syndicated copies and lead excerpts: every
 * rewrite link the pairwise check accepts when all pairs are compared ends
 * in one story (the name index misses none), and every planted copy and
 * excerpt is in its original's story (LSH bands find them).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type StoryFeatures, type StoryInput, storyFeatures } from "../../src/ingest/stories/features.js";
import { groupStories, linkOf, nameWeights, rareNameWeight } from "../../src/ingest/stories/group.js";

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "ho", "ji", "ze", "po"];
const word = (i: number) => {
  let s = "";
  for (let n = i + 300; n > 0; n = Math.floor(n / 16)) s += SYLLABLES[n % 16];
  return s;
};

/** n articles from a seeded generator; origin[i] is the article i was made from (itself for an original). */
function corpus(n: number, seed: number): { inputs: StoryInput[]; origin: number[] } {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const inputs: StoryInput[] = [];
  const origin: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 400) * 86_400_000;
    const r = rnd();
    if (i > 3 && r < 0.25) {
      const of = origin[Math.floor(rnd() * i)] as number;
      const src = inputs[of] as StoryInput;
      const text = r < 0.12 ? src.text : src.text.slice(0, Math.floor(src.text.length / 3));
      inputs.push({ key: `a${i}`, title: src.title, text, published: new Date(day).toISOString() });
      origin.push(of);
      continue;
    }
    const words: string[] = [];
    for (let w = 0; w < 200; w++) {
      words.push(w % 20 === 0 ? `Name${Math.floor(rnd() * n)}` : word(Math.floor(3000 ** rnd())));
      if (w % 50 === 49) words.push(`${Math.floor(rnd() * 10_000)}.`);
    }
    const text = words.join(" ");
    inputs.push({ key: `a${i}`, title: words.slice(0, 7).join(" "), text, published: new Date(day).toISOString() });
    origin.push(i);
  }
  return { inputs, origin };
}

describe("story grouping against all pairs", () => {
  it("finds every rewrite link brute force finds, and every planted copy and excerpt", () => {
    fc.assert(
      fc.property(fc.constantFrom(150, 400, 2000), fc.integer({ min: 1, max: 2 ** 30 }), (n, seed) => {
        const { inputs, origin } = corpus(n, seed);
        const docs = inputs.map(storyFeatures);
        const storyOf = new Map<string, string>();
        for (const s of groupStories(docs)) for (const m of s.members) storyOf.set(m, s.id);
        expect(storyOf.size).toBe(n);
        const w = nameWeights(docs);
        const rare = rareNameWeight(n);
        // all pairs up to 400 articles; every 7th article against all others at 2,000
        const step = n > 500 ? 7 : 1;
        for (let i = 0; i < n; i += step)
          for (let j = i + 1; j < n; j++) {
            const link = linkOf(docs[i] as StoryFeatures, docs[j] as StoryFeatures, w, rare);
            if (link?.kind !== "rewrite") continue;
            expect(storyOf.get(`a${j}`), `a${i} and a${j} are linked`).toBe(storyOf.get(`a${i}`));
          }
        for (const [i, o] of origin.entries()) if (o !== i) expect(storyOf.get(`a${i}`)).toBe(storyOf.get(`a${o}`));
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
