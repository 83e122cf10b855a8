/**
 * WebSub: a deploy that changed feeds pings the hub (a small one on 127.0.0.1
 * that records what it is told) once per changed feed URL, and an unchanged
 * re-deploy pings nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planInMemory } from "../../src/publish/plan.js";
import { changedFeedUrls } from "../../src/publish/websub.js";
import { runTsAsync } from "../support/cli.js";
import { buildFixture, FIXED_NOW, FIXTURE_CONTENT } from "../support/corpus.js";

let hub: Server;
let hubUrl: string;
const pings: { mode: string | null; url: string | null }[] = [];

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d;
    });
    req.on("end", () => {
      const form = new URLSearchParams(body);
      pings.push({ mode: form.get("hub.mode"), url: form.get("hub.url") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => hub.close(() => r())));

describe("changedFeedUrls", () => {
  it("names the three formats of every feed whose scope changed, and only those", async () => {
    const { plan, corpus } = await buildFixture();
    const all = changedFeedUrls(null, plan.root, "https://feeds.example/");
    expect(all).toContain("https://feeds.example/feed.atom");
    expect(all).toContain("https://feeds.example/topics/space/feed.json");
    expect(changedFeedUrls(plan.root, plan.root, "https://feeds.example")).toEqual([]);
    const space = corpus.articles.find((a) => a.topics.includes("space") && !a.topics.includes("oceans"));
    const edited = corpus.articles.map((a) => (a === space ? { ...a, title: `${a.title}, corrected` } : a));
    const v2 = await planInMemory(edited, corpus.topics, { now: FIXED_NOW });
    const changed = changedFeedUrls(plan.root, v2.root, "https://feeds.example");
    expect(changed).toContain("https://feeds.example/topics/space/feed.xml");
    expect(changed).toContain("https://feeds.example/feed.json");
    expect(changed).not.toContain("https://feeds.example/topics/oceans/feed.xml");
    expect(changed).toContain("https://feeds.example/topics/space/stories/feed.xml");
    expect(changed).not.toContain("https://feeds.example/topics/oceans/stories/feed.xml");
  });
});

describe("npm run deploy with a hub configured", () => {
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-websub-"));
  const content = join(dir, "content");
  cpSync(FIXTURE_CONTENT, content, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const deploy = () =>
    runTsAsync("src/publish/cli-deploy.ts", ["--local", "--persist-to", join(dir, "state")], {
      WIREFEED_CONTENT_DIR: content,
      WEBSUB_HUB: hubUrl,
      PUBLIC_URL: "https://feeds.example",
    });

  it("pings the hub for each changed feed after publishing, and not at all when nothing changed", async () => {
    const first = await deploy();
    expect(first.status, first.stderr).toBe(0);
    // a first deploy: every feed is new (all articles and the 5 topics, and the same as stories, 3 formats each)
    expect(first.stderr).toMatch(/Notified the WebSub hub .* of 36\/36 changed feeds/);
    expect(pings.every((p) => p.mode === "publish")).toBe(true);
    expect(pings.map((p) => p.url)).toContain("https://feeds.example/topics/climate/feed.xml");
    pings.length = 0;
    expect((await deploy()).status).toBe(0);
    expect(pings).toEqual([]);
    const file = join(content, "articles/f5-lunar-gateway.txt");
    writeFileSync(file, readFileSync(file, "utf8").replace("this week", "on Tuesday"));
    expect((await deploy()).status).toBe(0);
    expect(pings.map((p) => p.url).sort()).toEqual(
      [
        "/feed.atom",
        "/feed.json",
        "/feed.xml",
        "/stories/feed.atom",
        "/stories/feed.json",
        "/stories/feed.xml",
        "/topics/space/feed.atom",
        "/topics/space/feed.json",
        "/topics/space/feed.xml",
        "/topics/space/stories/feed.atom",
        "/topics/space/stories/feed.json",
        "/topics/space/stories/feed.xml",
      ].map((p) => `https://feeds.example${p}`),
    );
  });
});
