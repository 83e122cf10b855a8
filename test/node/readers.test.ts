/**
 * Real feed readers against the running Worker (Miniflare on 127.0.0.1, the
 * real corpus deployed by the deploy's code), behind a recording proxy that
 * logs every request's status: newsboat subscribes to RSS, Atom, a topic
 * feed and the story feed and shows the right items with readable titles, then polls with
 * conditional GETs that fetch nothing new; Python's feedparser gets 304 on
 * its second fetch of each format using its etag and modified support.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, onTestFinished } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import { storyPlanOf } from "../../src/publish/story-plan.js";
import type { StoryPlan } from "../../src/publish/story-store.js";
import type { Article } from "../../src/schema/article.js";
import { buildFixture, FIXED_NOW, REAL_CONTENT } from "../support/corpus.js";
import { feedparser, itWith, newsboat } from "../support/tools.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

let worker: RunningWorker;
let proxy: Server;
let base: string;
let articles: Article[];
let stories: StoryPlan;
const log: { path: string; status: number; conditional: boolean }[] = [];

beforeAll(async () => {
  worker = await startWorker();
  const { corpus, plan } = await buildFixture(REAL_CONTENT, FIXED_NOW);
  articles = corpus.articles;
  stories = await storyPlanOf(articles, (key) => corpus.ledger[key]?.firstPublished);
  await deployPlan(plan, worker.kv, { lockSettleMs: 0 });
  proxy = createServer((req, res) => {
    const upstream = request(
      new URL(req.url ?? "/", worker.url),
      { method: req.method, headers: { ...req.headers, host: worker.url.host } },
      (up) => {
        log.push({
          path: req.url ?? "",
          status: up.statusCode ?? 0,
          conditional: Boolean(req.headers["if-none-match"] || req.headers["if-modified-since"]),
        });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => proxy?.close(() => r()));
  await worker?.close();
});

/** Runs a command without blocking the event loop (the proxy lives in this process). */
function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d;
    });
    child.on("close", (status) => resolve({ status, out }));
  });
}

/** The titles a story feed shows: each story's fullest version, once; an article alone, itself. */
function storyTitles(): string[] {
  const byKey = new Map(articles.map((a) => [a.key, a]));
  const shown = new Set(articles.map((a) => stories.get(a.key)?.best ?? a.key));
  return [...shown].map((k) => byKey.get(k)?.title ?? k);
}

describe("newsboat", () => {
  const feeds: [string, () => string[]][] = [
    ["/feed.xml", () => articles.map((a) => a.title)],
    ["/feed.atom", () => articles.map((a) => a.title)],
    ["/topics/serbia/feed.xml", () => articles.filter((a) => a.topics.includes("serbia")).map((a) => a.title)],
    ["/stories/feed.xml", storyTitles],
  ];
  for (const [path, expectedTitles] of feeds) {
    itWith(
      newsboat,
      `subscribes to ${path}: the right articles, readable titles, then conditional polls that fetch nothing new`,
      async () => {
        const home = mkdtempSync(join(tmpdir(), "wirefeed-newsboat-"));
        onTestFinished(() => rmSync(home, { recursive: true, force: true }));
        writeFileSync(join(home, "urls"), `${base}${path}\n`);
        writeFileSync(join(home, "config"), "reload-threads 1\n");
        const args = [
          "-u",
          join(home, "urls"),
          "-c",
          join(home, "cache.db"),
          "-C",
          join(home, "config"),
          "-x",
          "reload",
        ];
        const reload = () => run("newsboat", args, { HOME: home });
        expect((await reload()).status).toBe(0);
        const dump = spawnSync(
          "/usr/bin/python3",
          [
            "-c",
            "import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(json.dumps([r[0] for r in c.execute('select title from rss_item order by pubDate desc')]))",
            join(home, "cache.db"),
          ],
          { encoding: "utf8" },
        );
        const titles = JSON.parse(dump.stdout) as string[];
        const expected = expectedTitles();
        expect(titles.length).toBe(expected.length);
        expect(titles.sort()).toEqual(expected.sort());
        for (const t of titles) expect(t).not.toMatch(/&(?:amp|lt|gt|quot|#\d+);/);
        // newsboat stores the validators from its second load on (newsboat/newsboat#2734), so its third is conditional
        expect((await reload()).status).toBe(0);
        const before = log.length;
        expect((await reload()).status).toBe(0);
        const third = log.slice(before).filter((l) => l.path === path);
        expect(third.length).toBeGreaterThan(0);
        expect(third.every((l) => l.conditional && l.status === 304)).toBe(true);
      },
    );
  }
});

const FEEDPARSER_TWICE = `
import json, sys, feedparser
first = feedparser.parse(sys.argv[1])
second = feedparser.parse(sys.argv[1], etag=first.get("etag"), modified=first.get("modified"))
print(json.dumps({"first": first.get("status"), "entries": len(first.entries), "etag": first.get("etag"), "second": second.get("status"), "second_entries": len(second.entries)}))
`;

describe("feedparser with etag and modified", () => {
  for (const path of ["/feed.xml", "/feed.atom", "/topics/kosovo/feed.atom", "/feed.json", "/stories/feed.atom"]) {
    itWith(feedparser, `gets 200 then 304 for ${path}`, async () => {
      const r = await run("/usr/bin/python3", ["-c", FEEDPARSER_TWICE, `${base}${path}`]);
      expect(r.status, r.out).toBe(0);
      const d = JSON.parse(r.out.trim().split("\n").at(-1) ?? "{}") as {
        first: number;
        entries: number;
        etag: string;
        second: number;
        second_entries: number;
      };
      expect(d.first).toBe(200);
      expect(d.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(d.second).toBe(304);
      expect(d.second_entries).toBe(0);
      if (!path.endsWith(".json")) expect(d.entries).toBeGreaterThan(0);
    });
  }
});
