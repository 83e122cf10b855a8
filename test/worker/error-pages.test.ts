/**
 * Errors in a browser are pages: a request that prefers HTML (a browser's
 * Accept: text/html first) gets every error (400, 404, 405, 406, 503) as an
 * HTML page in the site's style with the same message, the status, a link
 * home, Retry-After and Allow, Vary: Accept and the strict CSP; a missing
 * topic's or article's page lists the closest matches, within three KV round
 * trips. Everyone else (curl's * / *, scripts, readers) still gets problem+json.
 */
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_KEY, ROOT_PREFIX } from "../../src/schema/keys.js";
import type { AppEnv } from "../../src/worker/app-env.js";
import { cache } from "../../src/worker/cache.js";
import { onError } from "../../src/worker/errors.js";
import app from "../../src/worker/index.js";
import { problem } from "../../src/worker/problem.js";
import { fixtureEntries, get, ORIGIN, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const CURL = "*/*";

const fromBrowser = (path: string, init: RequestInit = {}) =>
  get(path, { ...init, headers: { accept: BROWSER, ...init.headers } });
const fromCurl = (path: string, init: RequestInit = {}) =>
  get(path, { ...init, headers: { accept: CURL, ...init.headers } });

/** The page of an error: status, HTML, not stored, varying by Accept, strict CSP, no script, a link home. */
async function page(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("vary")).toMatch(/\bAccept\b/i);
  expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
  expect(res.headers.get("content-security-policy")).not.toMatch(/script-src/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const text = await res.text();
  expect(text).toMatch(/^<!doctype html>/);
  expect(text).toContain('<link rel="stylesheet" href="/style.css">');
  expect(text).toContain('<a href="/">Go to the home page</a>');
  expect(text).toContain(`HTTP ${status}`);
  expect(text).not.toMatch(/<script/i);
  return text;
}

/** The problem+json of an error, as before. */
async function problemJson(res: Response, status: number): Promise<{ detail: string; status: number }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.headers.get("vary")).toMatch(/\bAccept\b/i);
  const body = (await res.json()) as { detail: string; status: number; type: string };
  expect(body).toMatchObject({ type: "about:blank", status });
  return body;
}

/** The text of a page's message (its note), tags removed: the problem's detail, `code` marks shown as <code>. */
const messageOf = (html: string) =>
  (/<p class="note">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** A detail as a page shows it: the backticks of code spans become <code> elements. */
const plain = (detail: string) => detail.replace(/`/g, "");

/** The links a page offers under "Did you mean". */
const matchesOf = (html: string) =>
  [...(/<h2>Did you mean[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "").matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);

describe("400 in both representations", () => {
  it("a browser gets a page with the same message and the allowed values; curl gets problem+json", async () => {
    const json = await problemJson(await fromCurl("/feed.json?match=some"), 400);
    const html = await page(await fromBrowser("/feed.json?match=some"), 400);
    expect(messageOf(html)).toBe(plain(json.detail));
    expect(html).toContain("<code>match</code>");
    expect(html).toMatch(/Allowed values of <code>match<\/code>: <code>any<\/code>, <code>all<\/code>\./);
  });

  it("a request with no Accept header, or one that prefers a feed, still gets problem+json", async () => {
    await problemJson(await get("/feed.json?limit=0"), 400);
    await problemJson(await get("/feed.xml?limit=0", { headers: { accept: "application/rss+xml, text/html" } }), 400);
  });
});

describe("404 in both representations", () => {
  it("an unknown path: the same message, the paths in it as links", async () => {
    const json = await problemJson(await fromCurl("/feeds.xml"), 404);
    const html = await page(await fromBrowser("/feeds.xml"), 404);
    expect(messageOf(html)).toBe(plain(json.detail));
    expect(html).toContain('<a href="/feed.xml">/feed.xml</a>');
    expect(html).not.toContain('<a href="/feeds.xml">');
    expect(html).not.toContain("Did you mean");
  });

  it("a misspelt topic lists the closest topics", async () => {
    const json = await problemJson(await fromCurl("/topics/spcae"), 404);
    const html = await page(await fromBrowser("/topics/spcae"), 404);
    expect(messageOf(html)).toBe(plain(json.detail));
    expect(matchesOf(html)).toEqual(["/topics/space"]);
    expect(matchesOf(await page(await fromBrowser("/topics/econ/feed.atom"), 404))).toEqual(["/topics/economy"]);
    expect(matchesOf(await page(await fromBrowser("/topics/Europ/feed"), 404))).toEqual(["/topics/europe"]);
  });

  it("a topic like none lists no matches, only the message naming every topic", async () => {
    const html = await page(await fromBrowser("/topics/kittens/feed.xml"), 404);
    expect(matchesOf(html)).toEqual([]);
    expect(messageOf(html)).toMatch(/no topic "kittens".*space, climate/);
  });

  it("a missing article lists the recent articles sharing its words", async () => {
    const json = await problemJson(await fromCurl("/articles/lunar-gateway-module"), 404);
    const html = await page(await fromBrowser("/articles/lunar-gateway-module"), 404);
    expect(messageOf(html)).toBe(plain(json.detail));
    expect(matchesOf(html)).toEqual(["/articles/lunar-gateway-module-ships-to-florida"]);
    expect(html).toContain(">Lunar Gateway module ships to Florida</a>");
    const banks = matchesOf(await page(await fromBrowser("/articles/central-bank-climate-risks.json"), 404));
    expect(banks[0]).toBe("/articles/central-banks-weigh-climate-risk-in-their-balance-sheets");
    expect(matchesOf(await page(await fromBrowser("/articles/no-such-article"), 404))).toEqual([]);
  });

  it("a missing article's page costs at most three KV round trips from a cold isolate", async () => {
    let trips = 0;
    const counted = new Proxy(env.FEEDS, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== "get") return typeof value === "function" ? value.bind(target) : value;
        return (key: unknown, ...rest: unknown[]) => {
          // the live-version check (manifest, root) is not counted, as in test/support/instrumented-worker.ts
          if (!(key === MANIFEST_KEY || (typeof key === "string" && key.startsWith(ROOT_PREFIX)))) trips++;
          return (value as (...a: unknown[]) => unknown).call(target, key, ...rest);
        };
      },
    });
    cache.clear();
    const res = await app.fetch(
      new Request(`${ORIGIN}/articles/lunar-gateway-modules`, { headers: { accept: BROWSER } }),
      {
        ...env,
        FEEDS: counted,
      },
    );
    expect(matchesOf(await page(res, 404))).toEqual(["/articles/lunar-gateway-module-ships-to-florida"]);
    expect(trips).toBeGreaterThan(0);
    expect(trips).toBeLessThanOrEqual(3);
  });

  it("HEAD gets the page's headers and no body", async () => {
    const res = await fromBrowser("/topics/spcae", { method: "HEAD" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toBe("");
  });
});

describe("405 in both representations", () => {
  it("keeps Allow, with the same message", async () => {
    const curl = await fromCurl("/feed.xml", { method: "POST" });
    expect(curl.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const json = await problemJson(curl, 405);
    const browser = await fromBrowser("/feed.xml", { method: "POST" });
    expect(browser.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(messageOf(await page(browser, 405))).toBe(plain(json.detail));
  });
});

describe("406 in both representations", () => {
  it("/feed answers a reader asking for no feed type with problem+json listing the formats", async () => {
    await problemJson(await fromCurl("/feed", { headers: { accept: "image/png" } }), 406);
  });

  it("a browser at /feed never meets it: it gets the feed as a page", async () => {
    const res = await fromBrowser("/feed");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("the app's error handler makes a 406 a page listing the formats, for a browser", async () => {
    const mini = new Hono<AppEnv>();
    mini.get("/x", () => {
      throw problem(406, "Ask for RSS or Atom.", { available: ["application/rss+xml", "application/atom+xml"] });
    });
    mini.onError(onError);
    const res = await mini.fetch(new Request(`${ORIGIN}/x`, { headers: { accept: BROWSER } }), env);
    expect(res.status).toBe(406);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const text = await res.text();
    expect(messageOf(text)).toBe("Ask for RSS or Atom.");
    expect(text).toContain("Available as: <code>application/rss+xml</code>, <code>application/atom+xml</code>.");
    const json = await mini.fetch(new Request(`${ORIGIN}/x`, { headers: { accept: CURL } }), env);
    expect((await problemJson(json, 406)).detail).toBe("Ask for RSS or Atom.");
  });
});

describe("503 in both representations", () => {
  it("keeps Retry-After, saying to run the deploy", async () => {
    const empty = { ...env, FEEDS: env.EMPTY_KV };
    for (const path of ["/", "/topics/space", "/articles/x", "/feed.xml"]) {
      const curl = await app.fetch(new Request(`${ORIGIN}${path}`, { headers: { accept: CURL } }), empty);
      expect(curl.headers.get("retry-after")).toBe("60");
      const json = await problemJson(curl, 503);
      const browser = await app.fetch(new Request(`${ORIGIN}${path}`, { headers: { accept: BROWSER } }), empty);
      expect(browser.headers.get("retry-after")).toBe("60");
      const html = await page(browser, 503);
      expect(messageOf(html)).toBe(plain(json.detail));
      expect(html).toContain("<code>npm run deploy</code>");
      expect(html).not.toContain("Did you mean");
    }
  });
});
