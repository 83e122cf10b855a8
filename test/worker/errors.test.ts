/**
 * Every error a client can meet is application/problem+json (RFC 9457) with a
 * detail that says what to do (a browser gets it as a page: error-pages.test.ts): bad parameter values (400, naming the
 * parameter and the allowed values), unknown topics and articles (404), a KV
 * never deployed to (503). No request gets a 500 or a stack trace.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_KEY } from "../../src/schema/keys.js";
import app from "../../src/worker/index.js";
import { fixtureEntries, get, ORIGIN, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  parameter?: string;
  allowed?: string[];
}

async function problem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  const body = (await res.json()) as Problem;
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(body.detail).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return body;
}

describe("400 for a bad parameter value, naming the parameter", () => {
  const cases: [string, string, RegExp][] = [
    ["limit=0", "limit", /whole number from 1 to 100/],
    ["limit=101", "limit", /whole number from 1 to 100/],
    ["limit=-1", "limit", /whole number from 1 to 100/],
    ["limit=1e9", "limit", /whole number from 1 to 100/],
    ["limit=ten", "limit", /whole number from 1 to 100.*"ten"/],
    ["limit=5&limit=6", "limit", /only once/],
    ["match=some", "match", /"any" \(default\) or "all"/],
    ["since=yesterday", "since", /ISO 8601 date/],
    ["until=2025-02-30", "until", /ISO 8601 date/],
    ["since=2025-01-01T25:00:00Z", "since", /ISO 8601 date/],
    [`q=${"x".repeat(201)}`, "q", /at most 200 characters/],
    [`topic=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(",")}`, "topic", /at most 10/],
    ["q=one two three four five six seven eight nine", "q", /at most 8 words/],
    ["topic=a,b,c,d,e,f&exclude=g,h,i,j,k", "exclude", /at most 10, with those of `topic`/],
  ];
  for (const [query, parameter, detail] of cases) {
    it(`${query.slice(0, 40)} → 400 naming \`${parameter}\``, async () => {
      const body = await problem(await get(`/feed.json?${query}`), 400);
      expect(body.parameter).toBe(parameter);
      expect(body.detail).toMatch(detail);
      expect(body.detail).toContain(`\`${parameter}\``);
    });
  }

  it("lists the allowed values of match", async () => {
    const body = await problem(await get("/feed.atom?match=none"), 400);
    expect(body.allowed).toEqual(["any", "all"]);
  });

  it("names an unknown topic and lists the topics there are", async () => {
    for (const parameter of ["topic", "exclude"]) {
      const body = await problem(await get(`/feed.xml?${parameter}=space,kittens`), 400);
      expect(body.parameter).toBe(parameter);
      expect(body.detail).toContain('"kittens"');
      expect(body.allowed).toEqual(["space", "climate", "economy", "europe", "oceans"]);
    }
  });

  it("refuses since later than until", async () => {
    const body = await problem(await get("/feed.json?since=2025-06-01&until=2025-01-01"), 400);
    expect(body.parameter).toBe("since");
  });
});

describe("404", () => {
  it("for an unknown topic feed, listing the topics", async () => {
    const body = await problem(await get("/topics/kittens/feed.xml"), 404);
    expect(body.detail).toMatch(/no topic "kittens".*space, climate/);
  });

  it("for an unknown article, as HTML or JSON", async () => {
    await problem(await get("/articles/no-such-article"), 404);
    await problem(await get("/articles/no-such-article.json"), 404);
    await problem(await get("/articles/..%2F..%2Fmanifest"), 404);
  });

  it("for any other path, pointing at the feeds", async () => {
    const body = await problem(await get("/feeds.xml"), 404);
    expect(body.detail).toContain("/feed.xml");
    expect(body.instance).toBe("/feeds.xml");
  });
});

describe("503 when nothing has been published", () => {
  it("says to run the deploy, with Retry-After, on every route", async () => {
    const empty = { ...env, FEEDS: env.EMPTY_KV };
    for (const path of [
      "/feed.xml",
      "/feed.json?topic=space",
      "/topics",
      "/",
      "/articles/x",
      "/topics/space/feed.atom",
    ]) {
      const res = await app.fetch(new Request(`${ORIGIN}${path}`), empty);
      const body = await problem(res, 503);
      expect(body.detail).toContain("npm run deploy");
      expect(res.headers.get("retry-after")).toBe("60");
    }
  });

  it("says to deploy the Worker and corpus together when KV holds another format", async () => {
    await seed(env.SPARE_KV, [
      { key: MANIFEST_KEY, value: JSON.stringify({ format: 999, version: "x" }), base64: false },
    ]);
    const res = await app.fetch(new Request(`${ORIGIN}/feed.json`), { ...env, FEEDS: env.SPARE_KV });
    expect((await problem(res, 503)).detail).toContain("npm run deploy");
  });

  it("says so too when KV holds only a corpus of an older store format", async () => {
    await seed(env.SPARE_KV, [{ key: "manifest", value: JSON.stringify({ format: 4 }), base64: false }]);
    const res = await app.fetch(new Request(`${ORIGIN}/feed.json`), { ...env, FEEDS: env.SPARE_KV });
    expect((await problem(res, 503)).detail).toContain("different version of Wirefeed");
  });
});
