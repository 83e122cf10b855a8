/**
 * A topic no article has yet is not offered as one to subscribe to: the home
 * page and topics.opml leave it out; /topics (for scripts) lists it with
 * count 0, and its feed answers, empty and valid.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { deployCorpus } from "../../src/publish/deploy.js";
import { FIXED_NOW, FIXTURE_CONTENT } from "../support/corpus.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker();
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-topics-"));
  cpSync(FIXTURE_CONTENT, dir, { recursive: true });
  const file = join(dir, "topics.json");
  const taxonomy = JSON.parse(readFileSync(file, "utf8")) as { topics: unknown[] };
  taxonomy.topics.push({
    slug: "glaciers",
    name: "Glaciers",
    description: "Ice sheets and mountain glaciers.",
    aliases: ["glacier", "ice sheet"],
  });
  writeFileSync(file, JSON.stringify(taxonomy, null, 2));
  const corpus = buildCorpus({ contentDir: dir, now: FIXED_NOW });
  rmSync(dir, { recursive: true });
  expect(corpus.articles.some((a) => a.topics.includes("glaciers"))).toBe(false);
  await deployCorpus(corpus.articles, corpus.topics, worker.kv, { lockSettleMs: 0 });
}, 60_000);
afterAll(() => worker?.close());

const get = async (path: string) => {
  const res = await fetch(new URL(path, worker.url));
  return { status: res.status, text: await res.text() };
};

describe("a topic with no articles", () => {
  it("is not on the home page or in topics.opml; the others are", async () => {
    const home = await get("/");
    expect(home.text).not.toContain('href="/topics/glaciers"');
    expect(home.text).not.toContain("0 articles");
    expect(home.text).toContain('href="/topics/climate"');
    const opml = await get("/topics.opml");
    expect(opml.text).not.toContain("/topics/glaciers/");
    expect(opml.text).toContain("/topics/climate/feed.xml");
  });

  it("is in /topics with count 0, and its feed is an empty valid feed", async () => {
    const list = JSON.parse((await get("/topics")).text) as { topics: { slug: string; count: number }[] };
    expect(list.topics.find((t) => t.slug === "glaciers")?.count).toBe(0);
    const feed = await get("/topics/glaciers/feed.json");
    expect(feed.status).toBe(200);
    expect((JSON.parse(feed.text) as { items: unknown[] }).items).toEqual([]);
  });
});
