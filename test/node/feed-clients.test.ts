/**
 * Real parsers and validators read the feeds the running Worker serves for the
 * real corpus (deployed with the deploy's own code): xmllint (well-formed XML),
 * jing with the Atom RELAX NG schema of RFC 4287, ajv with the JSON Feed 1.1
 * schema, and Python's feedparser (bozo 0, entries, ids, dates, tags) on
 * RSS and Atom (Debian's feedparser 6.0 does not read JSON Feed).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import { storyPlanOf } from "../../src/publish/story-plan.js";
import type { StoryPlan } from "../../src/publish/story-store.js";
import type { Article } from "../../src/schema/article.js";
import { buildFixture, FIXED_NOW, REAL_CONTENT, ROOT } from "../support/corpus.js";
import { feedparser, itWith, jing, sharedValidators, xmllint } from "../support/tools.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

const VALIDATORS = join(ROOT, "../shared/validators");

/** The feed variants every check runs on: each format, a topic feed, filtered feeds. */
const XML_VARIANTS = [
  "/feed.xml",
  "/stories/feed.xml",
  "/topics/kosovo/feed.xml",
  "/feed.xml?topic=serbia,ukraine&exclude=united-states&limit=3",
];
const ATOM_VARIANTS = [
  "/feed.atom",
  "/stories/feed.atom",
  "/topics/kosovo/stories/feed.atom?q=rutte",
  "/topics/bosnia-and-herzegovina/feed.atom",
  "/feed.atom?topic=nato&topic=kosovo&match=all&q=kfor",
];
const JSON_VARIANTS = [
  "/feed.json",
  "/stories/feed.json",
  "/topics/serbia/feed.json",
  "/feed.json?q=dayton&since=2025-01-01&limit=5",
  "/feed.json?limit=2",
];

let worker: RunningWorker;
let articles: Article[];
let stories: StoryPlan;
const work = mkdtempSync(join(tmpdir(), "wirefeed-clients-"));

beforeAll(async () => {
  worker = await startWorker();
  const { corpus, plan } = await buildFixture(REAL_CONTENT, FIXED_NOW);
  articles = corpus.articles;
  stories = await storyPlanOf(articles, (key) => corpus.ledger[key]?.firstPublished);
  await deployPlan(plan, worker.kv, { lockSettleMs: 0 });
});
afterAll(async () => {
  await worker?.close();
  rmSync(work, { recursive: true, force: true });
});

/** GET, once more if a kept-alive connection was closed under it (undici's reuse race on a busy machine). */
async function fetchOnce(url: URL): Promise<Response> {
  try {
    return await fetch(url);
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw e;
    return fetch(url);
  }
}

async function save(path: string): Promise<string> {
  const res = await fetchOnce(new URL(path, worker.url));
  expect(res.status, path).toBe(200);
  const file = join(work, `${path.replace(/[^a-z0-9]+/gi, "_")}.txt`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** Runs a tool; its output, less the Debian jing wrapper's warnings about optional jars. */
function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  const out = `${r.stdout}${r.stderr}`
    .split("\n")
    .filter((l) => l && !/^\[warning\] \S*jing: Unable to locate /.test(l))
    .join("\n");
  return { status: r.status, out };
}

describe("xmllint", () => {
  for (const path of [...XML_VARIANTS, ...ATOM_VARIANTS]) {
    itWith(xmllint, `finds ${path} well-formed`, async () => {
      const r = run("xmllint", ["--noout", "--nonet", await save(path)]);
      expect(r.out).toBe("");
      expect(r.status).toBe(0);
    });
  }
});

describe("jing with RFC 4287's Atom schema", () => {
  for (const path of ATOM_VARIANTS) {
    itWith([jing, sharedValidators], `finds ${path} valid`, async () => {
      const r = run("jing", ["-c", join(VALIDATORS, "atom.rnc"), await save(path)]);
      expect(r.out).toBe("");
      expect(r.status).toBe(0);
    });
  }
});

describe("ajv with the JSON Feed 1.1 schema", () => {
  for (const path of JSON_VARIANTS) {
    itWith(sharedValidators, `finds ${path} valid`, async () => {
      const schema = JSON.parse(readFileSync(join(VALIDATORS, "jsonfeed-1.1.schema.json"), "utf8")) as object;
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const feed = JSON.parse(readFileSync(await save(path), "utf8")) as unknown;
      expect(validate(feed) ? [] : validate.errors).toEqual([]);
    });
  }
});

const FEEDPARSER = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": d.bozo, "bozo_exception": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"),
  "entries": [{"id": e.get("id"), "link": e.get("link"), "title": e.get("title"),
               "published": list(e.published_parsed[:6]) if e.get("published_parsed") else None,
               "content": "".join(c.get("value", "") for c in e.get("content", [])),
               "tags": [t.get("label") or t.get("term") for t in e.get("tags", [])]} for e in d.entries]}))
`;

describe("feedparser on the story feed", () => {
  itWith(
    feedparser,
    "reads /stories/feed.atom: one entry per story, under the story's id, each listing its other versions",
    async () => {
      const r = spawnSync(
        "/usr/bin/python3",
        ["-c", FEEDPARSER, new URL("/stories/feed.atom", worker.url).toString()],
        {
          encoding: "utf8",
        },
      );
      expect(r.status, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout) as {
        bozo: number;
        version: string;
        entries: { id: string; link: string; title: string; content: string }[];
      };
      expect(Number(d.bozo)).toBe(0);
      expect(d.version).toBe("atom10");
      const byKey = new Map(articles.map((a) => [a.key, a]));
      const expected = new Map(articles.map((a) => [stories.get(a.key)?.ref.id ?? a.id, stories.get(a.key)]));
      expect(d.entries.map((e) => e.id).sort()).toEqual([...expected.keys()].sort());
      for (const e of d.entries) {
        const story = expected.get(e.id);
        if (!story) continue;
        const best = byKey.get(story.best) as Article;
        expect(e.title).toBe(best.title);
        expect(e.link).toBe(new URL(`/articles/${best.slug}`, worker.url).toString());
        expect(e.content).toContain("Also covered by");
        for (const v of story.ref.articles.filter((x) => x.slug !== best.slug))
          expect(e.content).toContain(`/articles/${v.slug}`);
      }
    },
  );
});

describe("feedparser (Python)", () => {
  const variants: [string, string, (a: Article) => boolean][] = [
    ["/feed.xml", "rss20", () => true],
    ["/feed.atom", "atom10", () => true],
    ["/topics/kosovo/feed.xml", "rss20", (a) => a.topics.includes("kosovo")],
    [
      "/feed.atom?topic=serbia&exclude=united-states",
      "atom10",
      (a) => a.topics.includes("serbia") && !a.topics.includes("united-states"),
    ],
  ];
  for (const [path, version, select] of variants) {
    itWith(
      feedparser,
      `reads ${path} as ${version} with no error, the right entries, ids, dates and tags`,
      async () => {
        const r = spawnSync("/usr/bin/python3", ["-c", FEEDPARSER, new URL(path, worker.url).toString()], {
          encoding: "utf8",
        });
        expect(r.status, r.stderr).toBe(0);
        const d = JSON.parse(r.stdout) as {
          bozo: number;
          bozo_exception: string;
          version: string;
          entries: { id: string; link: string; title: string; published: number[]; tags: string[] }[];
        };
        expect(d.bozo_exception).toBe("");
        expect(Number(d.bozo)).toBe(0);
        expect(d.version).toBe(version);
        const expected = articles
          .filter(select)
          .sort((a, b) =>
            a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug.localeCompare(b.slug),
          );
        expect(expected.length).toBeGreaterThan(0);
        expect(d.entries.map((e) => e.id)).toEqual(expected.map((a) => a.id));
        expect(d.entries.map((e) => e.title)).toEqual(expected.map((a) => a.title));
        for (const [i, e] of d.entries.entries()) {
          const a = expected[i] as Article;
          const p = new Date(a.published);
          expect(e.published).toEqual([
            p.getUTCFullYear(),
            p.getUTCMonth() + 1,
            p.getUTCDate(),
            p.getUTCHours(),
            p.getUTCMinutes(),
            p.getUTCSeconds(),
          ]);
          expect(e.link).toBe(new URL(`/articles/${a.slug}`, worker.url).toString());
          expect(e.tags.length).toBe(a.topics.length);
        }
      },
    );
  }
});
