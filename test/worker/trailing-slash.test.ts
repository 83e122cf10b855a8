/**
 * A path ending in "/" answers 308 to the path without it, on the same host,
 * with the query string; "/" itself is the home page; what the slashless path
 * is (a page, a feed or a 404) is answered by the next request.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureEntries, get, ORIGIN, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

const location = (res: Response) => res.headers.get("location");

describe("a trailing slash", () => {
  it("redirects 308 to the path without it, keeping the query string", async () => {
    for (const [path, to] of [
      ["/topics/space/", "/topics/space"],
      ["/topics/", "/topics"],
      ["/feed.json/?topic=space&limit=2", "/feed.json?topic=space&limit=2"],
      ["/topics/space/feed.atom//", "/topics/space/feed.atom"],
    ] as const) {
      const res = await get(path, { redirect: "manual" });
      expect(res.status, path).toBe(308);
      expect(location(res), path).toBe(`${ORIGIN}${to}`);
    }
  });

  it("lands on the page, the feed or the 404 the slashless path is", async () => {
    const follow = async (path: string) =>
      get(new URL(location(await get(path, { redirect: "manual" })) ?? "").pathname);
    expect((await follow("/topics/space/")).status).toBe(200);
    expect((await follow("/topics/")).headers.get("content-type")).toMatch(/^application\/json/);
    expect((await follow("/nothing/")).status).toBe(404);
  });

  it("never redirects to another host: leading slashes collapse to one", async () => {
    for (const [path, to] of [
      ["//evil.example/", "/evil.example"],
      ["///evil.example/x/", "/evil.example/x"],
      ["/\\evil.example/", "/evil.example"],
      ["//", "/"],
    ] as const) {
      const res = await get(path, { redirect: "manual" });
      expect(res.status, path).toBe(308);
      expect(location(res), path).toBe(`${ORIGIN}${to}`);
    }
  });

  it("leaves / alone, and other methods get their 405", async () => {
    expect((await get("/")).status).toBe(200);
    const post = await get("/topics/", { method: "POST" });
    expect(post.status).toBe(405);
  });
});
