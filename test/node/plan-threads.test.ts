/**
 * The planner's per-article values on worker threads (src/publish/
 * record-threads.ts), what a deploy of a few thousand articles or more uses:
 * the plan is the same, key for key and byte for byte, as in one thread, on
 * a generated corpus with stories of several articles, also when this
 * thread makes some batches' values itself (threads that fall behind); a
 * thread that fails makes the plan fail (no hang).
 */
import { describe, expect, it } from "vitest";
import { uuidV5 } from "../../src/ingest/article.js";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { syntheticStories } from "../../src/ingest/stories/synthetic.js";
import { compress } from "../../src/publish/hashing.js";
import { planInMemory, type ValuesPool } from "../../src/publish/plan.js";
import { RECORD_BATCH, recordThreads } from "../../src/publish/record-threads.js";
import { valuesOfJob } from "../../src/publish/records.js";
import { storyPlanOf } from "../../src/publish/story-plan.js";
import type { Article } from "../../src/schema/article.js";

const NOW = "2026-01-01T00:00:00.000Z";
const seeds = buildCorpus({ contentDir: "content", now: NOW });
const seed = seeds.articles[0] as Article;

/** n generated articles: the generator's title and text, dated over two years, topics in turn. */
function corpus(n: number): Article[] {
  const out: Article[] = [];
  let i = 0;
  for (const { input } of syntheticStories(n, 3)) {
    const published = new Date(Date.parse("2024-01-01T00:00:00Z") + i * 3_600_000).toISOString();
    out.push({
      ...seed,
      key: input.key,
      id: `urn:uuid:${uuidV5(`plan-threads:${i}`)}`,
      slug: `${i}-${input.title.toLowerCase().split(" ").slice(0, 5).join("-")}`,
      title: input.title,
      published,
      updated: published,
      body: input.text.split("\n").map((text) => ({ type: "paragraph", text })),
      wordCount: input.text.split(/\s+/).length,
      topics: seeds.topics.length ? [seeds.topics[i % seeds.topics.length]?.slug as string] : [],
    });
    i++;
  }
  return out;
}

const bytes = (v: string | Uint8Array) => (typeof v === "string" ? v : Buffer.from(v).toString("base64"));

describe("the planner on worker threads", () => {
  it("plans a corpus exactly as one thread does", async () => {
    const articles = corpus(1500);
    const stories = await storyPlanOf(articles);
    expect(stories.storyCount).toBeGreaterThan(100);
    const one = await planInMemory(articles, seeds.topics, { now: NOW, stories });
    const threaded = await planInMemory(articles, seeds.topics, { now: NOW, stories, threads: 3 });
    expect(threaded.version).toBe(one.version);
    expect(threaded.data.size).toBe(one.data.size);
    for (const [key, value] of one.data) expect(bytes(threaded.data.get(key) ?? ""), key).toBe(bytes(value));
  });

  it("makes values in this thread too when the threads fall behind, with the same plan", async () => {
    const articles = corpus(1500);
    const stories = await storyPlanOf(articles);
    const one = await planInMemory(articles, seeds.topics, { now: NOW, stories });
    let answered = 0;
    // threads that answer each batch 250 ms after it is sent: far slower than this thread makes one
    const slow: ValuesPool = {
      inFlight: 2,
      run: (jobs) =>
        new Promise((resolve) =>
          setTimeout(() => {
            answered++;
            resolve(jobs.map(valuesOfJob));
          }, 250),
        ),
      close: async () => {},
    };
    const shared = await planInMemory(articles, seeds.topics, { now: NOW, stories, valuesPool: slow });
    // some batches were answered by the pool, the others made here
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(Math.ceil(articles.length / RECORD_BATCH));
    expect(shared.version).toBe(one.version);
    expect(shared.data.size).toBe(one.data.size);
    for (const [key, value] of one.data) expect(bytes(shared.data.get(key) ?? ""), key).toBe(bytes(value));
  });

  it("fails the plan when a thread fails with batches in flight, without hanging or an unhandled rejection", async () => {
    const articles = corpus(1500);
    // a body that is not a list: only the thread that renders it and finds its words fails
    articles[700] = { ...(articles[700] as Article), body: null as unknown as Article["body"] };
    const stories = await storyPlanOf(articles.filter((_, i) => i !== 700));
    await expect(planInMemory(articles, seeds.topics, { now: NOW, stories, threads: 2 })).rejects.toThrow();
  });

  it("fails the plan with the error of a batch that failed, while the batches after it succeed", async () => {
    const articles = corpus(1500);
    const stories = await storyPlanOf(articles);
    let calls = 0;
    // the second batch sent fails at once; the others are answered a little later
    const failing: ValuesPool = {
      inFlight: 2,
      run: (jobs) =>
        ++calls === 2
          ? Promise.reject(new Error("batch 2 failed"))
          : new Promise((resolve) => setTimeout(() => resolve(jobs.map(valuesOfJob)), 20)),
      close: async () => {},
    };
    await expect(planInMemory(articles, seeds.topics, { now: NOW, stories, valuesPool: failing })).rejects.toThrow(
      "batch 2 failed",
    );
  });

  it("keeps each record in a buffer of its own, which a thread can move and nothing larger stays behind", () => {
    const record = compress(JSON.stringify({ text: "x".repeat(3000) }));
    expect(record.byteOffset).toBe(0);
    expect(record.buffer.byteLength).toBe(record.byteLength);
  });

  it("fails when a thread fails, without hanging", async () => {
    const pool = recordThreads(1);
    try {
      await expect(pool.run([{ json: "not JSON", story: null }])).rejects.toThrow();
      // and stays failed: nothing more is sent to a broken pool
      await expect(pool.run([{ json: "{}", story: null }])).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});
