/**
 * Thousands of generated requests (fast-check) to the real Worker in workerd
 * over HTTP: paths and query strings with
 * unknown, repeated, empty and huge parameters, invalid dates, odd numbers,
 * unicode and percent-encoding tricks, "../" in slugs, attempts to break into
 * headers, very long URLs, and hostile Accept and validator headers. Every
 * answer is a well-formed feed, an HTML page, a 304, or an
 * application/problem+json 4xx: never a 5xx.
 */
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import { buildFixture } from "../support/corpus.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker();
  await deployPlan((await buildFixture()).plan, worker.kv, { lockSettleMs: 0 });
});
afterAll(() => worker?.close());

/** The Worker over HTTP, as a client sees it (a path and query given raw, percent-encoding and all). */
const get = (pathAndQuery: string, init?: RequestInit): Promise<Response> =>
  fetch(`${worker.url.origin}${pathAndQuery}`, init);

const PARAMS = [
  "topic",
  "exclude",
  "match",
  "q",
  "since",
  "until",
  "limit",
  "before",
  "after",
  "content",
  "utm_source",
  "_",
];
const PATHS = [
  "/",
  "/feed",
  "/feed.xml",
  "/feed.atom",
  "/feed.json",
  "/topics",
  "/topics.opml",
  "/topics/space",
  "/topics/space/feed",
  "/topics/space/feed.xml",
  "/topics/climate/feed.atom",
  "/topics/europe/feed.json",
  "/articles/lunar-gateway-module-ships-to-florida",
  "/articles/lunar-gateway-module-ships-to-florida.json",
  "/style.css",
];

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    "-1",
    "0",
    "1e9",
    "NaN",
    "101",
    " 5",
    "2025-02-30",
    "2025-13-01",
    "yesterday",
    "9999999999999999~x",
    "1.a",
    "any,all",
  ),
  fc.constantFrom(
    "../../manifest",
    "%2e%2e%2f",
    "%00",
    "%ZZ",
    "%E0%A4%A",
    "\r\nSet-Cookie: x=1",
    "<script>alert(1)</script>",
    "]]>",
    "\u202Eevil",
    "\uFFFE",
    "\uD800",
  ),
  fc.string({ minLength: 200, maxLength: 3000 }),
);

const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 12 })), nasty), {
  maxLength: 14,
});

const path = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.tuple(fc.constantFrom("/articles/", "/topics/", "/topics/space/", "/"), nasty).map(([p, s]) => `${p}${enc(s)}`),
  fc.constantFrom(
    "/articles/..%2F..%2Fmanifest",
    "/topics/%2e%2e/feed.xml",
    "/feed.xml/",
    "//feed.xml",
    "/FEED.XML",
    `/${"a/".repeat(800)}`,
  ),
);

/** Percent-encodes anything, lone surrogates included (as the invalid UTF-8 a client could send). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => (/[\uD800-\uDFFF]/.test(ch) && ch.length === 1 ? "%ED%A0%80" : encodeURIComponent(ch)))
      .join("");
  }
}

function url(p: string, q: [string, string][]): string {
  const qs = q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  return `${p}${qs ? `?${qs}` : ""}`;
}

const safeHeader = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ""));

async function expectWellFormed(res: Response, label: string): Promise<void> {
  expect(res.status, label).toBeLessThan(500);
  const type = res.headers.get("content-type") ?? "";
  const body = await res.text();
  if (res.status === 304 || res.status === 204) return;
  if (res.status >= 400) {
    expect(type, label).toBe("application/problem+json; charset=utf-8");
    const p = JSON.parse(body) as { status: number; detail: string };
    expect(p.status, label).toBe(res.status);
    expect(p.detail.length, label).toBeGreaterThan(10);
    return;
  }
  if (/xml|opml/.test(type)) expect(XMLValidator.validate(body), label).toBe(true);
  else if (/json/.test(type)) expect(() => JSON.parse(body), label).not.toThrow();
  else if (type.startsWith("text/html")) expect(body.startsWith("<!doctype html>"), label).toBe(true);
  else expect(type, label).toBe("text/css; charset=utf-8");
}

/** "Thousands of generated query strings and paths". */
const RUNS = 3000;

describe("generated requests", () => {
  it("never get a 5xx, and every answer is well-formed for its type", async () => {
    await fc.assert(
      fc.asyncProperty(path, query, fc.option(safeHeader), fc.option(safeHeader), async (p, q, accept, inm) => {
        const u = url(p, q);
        const headers: Record<string, string> = {};
        if (accept) headers.accept = accept;
        if (inm) headers["if-none-match"] = inm;
        await expectWellFormed(await get(u, { headers }), u.slice(0, 200));
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it("cap parameter sizes with a 400 that says so", async () => {
    const long = await get(`/feed.json?q=${"a".repeat(201)}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { detail: string }).detail).toContain("at most 200 characters");
    const many = await get(`/feed.json?${Array.from({ length: 11 }, (_, i) => `topic=t${i}`).join("&")}`);
    expect(((await many.json()) as { detail: string }).detail).toContain("at most 10");
  });

  it("escape what they echo: a q with markup stays text in every format", async () => {
    const q = encodeURIComponent('</title><script>alert("x")</script>]]>');
    for (const ext of ["xml", "atom"]) {
      const body = await (await get(`/feed.${ext}?q=${q}`)).text();
      expect(XMLValidator.validate(body)).toBe(true);
      expect(body).not.toContain("<script>");
    }
    const json = (await (await get(`/feed.json?q=${q}`)).json()) as { title: string };
    expect(json.title).toContain("script");
  });

  it("refuse writes: no method but GET, HEAD and OPTIONS", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await get("/feed.xml", { method, body: method === "DELETE" ? undefined : "x" });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    }
  });
});
