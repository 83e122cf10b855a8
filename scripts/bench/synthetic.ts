/**
 * Synthetic corpora for the benchmark, made from the cleaned seed articles:
 * varied titles, dates spread over seven years, topic mixes and body lengths.
 * Deterministic (a seeded PRNG), and cheap in memory: the synthetic bodies
 * share the seeds' block objects.
 */
import { createHash } from "node:crypto";
import { uuidV5 } from "../../src/build/article.js";
import type { Article } from "../../src/schema/article.js";
import type { Topic } from "../../src/schema/topic.js";

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "Update",
  "Analysis",
  "Briefing",
  "Report",
  "Explainer",
  "Live",
  "Week",
  "Outlook",
  "Review",
  "Dispatch",
];
const START = Date.UTC(2019, 0, 1);
const SPAN = 7 * 365 * 86_400_000;

export function syntheticArticle(
  seeds: readonly Article[],
  topics: readonly Topic[],
  i: number,
  n: number,
  rand: () => number,
): Article {
  const seed = seeds[i % seeds.length] as Article;
  const blocks = Math.max(2, Math.round(seed.body.length * (0.25 + rand() * 0.75)));
  const published = new Date(START + Math.floor((SPAN * i) / n) + Math.floor(rand() * 3_600_000)).toISOString();
  const topicCount = 1 + Math.floor(rand() * 3);
  const chosen = new Set<string>(seed.topics.slice(0, 1));
  while (chosen.size < topicCount) chosen.add((topics[Math.floor(rand() * topics.length)] as Topic).slug);
  const title = `${WORDS[i % WORDS.length]} ${i}: ${seed.title}`;
  return {
    ...seed,
    id: `urn:uuid:${uuidV5(`bench:${i}`)}`,
    key: `bench-${i}`,
    slug: `bench-${i}-${seed.slug}`.slice(0, 120).replace(/-+$/, ""),
    title,
    published,
    updated: published,
    topics: [...chosen],
    body: seed.body.slice(0, blocks),
    contentHash: createHash("sha256").update(`bench:${i}`).digest("hex"),
  };
}

export function syntheticCorpus(seeds: readonly Article[], topics: readonly Topic[], n: number, seed = 42): Article[] {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => syntheticArticle(seeds, topics, i, n, rand));
}
