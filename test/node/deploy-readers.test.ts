/**
 * What readers see across deploys, from the real Worker in workerd:
 * - a KV location still reading an older manifest after two deploys a few
 *   seconds apart finds every key that manifest names (no 503, no mix);
 * - a topic renamed reaches feed items an isolate already rendered;
 * - Last-Modified moves when an older article joins a feed, so a client
 *   polling with If-Modified-Since alone is not told "304" for a changed feed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployCorpus, deployPlan } from "../../src/publish/deploy.js";
import { planInMemory } from "../../src/publish/plan.js";
import type { Article } from "../../src/schema/article.js";
import { MANIFEST_KEY } from "../../src/schema/keys.js";
import type { Topic } from "../../src/schema/topic.js";
import { buildFixture, FIXED_NOW } from "../support/corpus.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

const T0 = Date.parse(FIXED_NOW);
let worker: RunningWorker;
let articles: Article[];
let topics: Topic[];

beforeAll(async () => {
  worker = await startWorker({ instrumented: true });
  ({ articles, topics } = (await buildFixture()).corpus);
});
afterAll(() => worker?.close());
beforeEach(async () => {
  const keys = await worker.kv.list("");
  if (keys.length) await worker.kv.deleteMany(keys);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, worker.url), { headers });
const version = (n: number) =>
  articles.map((a) => ({ ...a, title: `${a.title} (v${n})`, contentHash: String(n).repeat(64) }));

describe("a location still reading an older manifest", () => {
  it("after two deploys a few seconds apart finds every key it names, on every path", async () => {
    const opts = (t: number) => ({ lockSettleMs: 0, now: () => t });
    await deployCorpus(version(1), topics, worker.kv, opts(T0));
    const stale = (await worker.kv.get(MANIFEST_KEY)) as string;
    await deployCorpus(version(2), topics, worker.kv, opts(T0 + 3_000));
    await deployCorpus(version(3), topics, worker.kv, opts(T0 + 6_000));
    const paths = ["/feed.json?limit=100", "/feed.xml?q=the", "/topics/space/feed.atom", "/", "/topics/space"];
    for (const a of articles) paths.push(`/articles/${a.slug}`, `/articles/${a.slug}.json`);
    for (const path of paths) {
      const res = await get(path, { "x-wirefeed-stale-manifest": stale });
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).not.toMatch(/\((v2|v3)\)/);
    }
    const feed = (await (await get("/feed.json?limit=100", { "x-wirefeed-stale-manifest": stale })).json()) as {
      items: { title: string }[];
    };
    expect(feed.items.map((i) => i.title.endsWith("(v1)"))).toEqual(articles.map(() => true));
    // and the live one reads v3
    expect(await (await get("/feed.json?limit=1")).text()).toContain("(v3)");
  });
});

describe("a warm isolate", () => {
  it("shows a renamed topic in items it had already rendered", async () => {
    const v1 = await planInMemory(articles, topics, { now: FIXED_NOW });
    await deployPlan(v1, worker.kv, { lockSettleMs: 0 });
    for (const ext of ["xml", "atom", "json"]) expect(await (await get(`/feed.${ext}`)).text()).toContain("Space");
    const renamed = topics.map((t) => (t.slug === "space" ? { ...t, name: "Spaceflight" } : t));
    await deployPlan(await planInMemory(articles, renamed, { now: FIXED_NOW }), worker.kv, { lockSettleMs: 0 });
    for (const ext of ["xml", "atom", "json"]) {
      const body = await (await get(`/feed.${ext}`)).text();
      expect(body, ext).toContain("Spaceflight");
      expect(body, ext).not.toMatch(/[>"]Space[<"]/);
    }
  });
});

describe("Last-Modified", () => {
  it("moves when an older article joins a topic, so If-Modified-Since alone gets the new feed", async () => {
    await deployCorpus(articles, topics, worker.kv, { lockSettleMs: 0, now: () => T0 });
    const first = await get("/topics/space/feed.xml");
    const lm = first.headers.get("last-modified") as string;
    expect(lm).toBe(new Date(T0).toUTCString());
    expect((await get("/topics/space/feed.xml", { "if-modified-since": lm })).status).toBe(304);
    const [base] = articles;
    const older: Article = {
      ...(base as Article),
      key: "f0-older",
      slug: "an-older-space-story",
      id: "urn:uuid:00000000-0000-5000-8000-0000000000f0",
      title: "An older space story",
      topics: ["space"],
      published: "2019-05-01T00:00:00.000Z",
      updated: "2019-05-01T00:00:00.000Z",
    };
    const T1 = T0 + 3_600_000;
    await deployCorpus([...articles, older], topics, worker.kv, { lockSettleMs: 0, now: () => T1 });
    const after = await get("/topics/space/feed.xml", { "if-modified-since": lm });
    expect(after.status).toBe(200);
    expect(after.headers.get("last-modified")).toBe(new Date(T1).toUTCString());
    expect(await after.text()).toContain("An older space story");
  });
});
