/**
 * /openapi.json describes what the Worker takes: every documented feed
 * parameter is accepted with its documented example (and refused with a bad
 * value, naming it), an undocumented one is ignored, and every feed and JSON
 * endpoint is there with its errors.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureArticles, fixtureEntries, get, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

interface Parameter {
  name: string;
  in: string;
  example: string;
  schema: { type?: string; enum?: string[]; default?: unknown; minimum?: number; maximum?: number };
}
interface Doc {
  openapi: string;
  paths: Record<string, { get: { parameters?: Parameter[]; responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, unknown> };
}

const doc = async () => (await (await get("/openapi.json")).json()) as Doc;
const queryParams = (d: Doc, path: string) => (d.paths[path]?.get.parameters ?? []).filter((p) => p.in === "query");

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with every feed, story feed and JSON endpoint, and their problem+json errors", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const d = await doc();
    expect(d.openapi).toBe("3.1.0");
    for (const prefix of ["", "/topics/{slug}", "/stories", "/topics/{slug}/stories"])
      for (const feed of ["feed.xml", "feed.atom", "feed.json", "feed"])
        expect(Object.keys(d.paths)).toContain(`${prefix}/${feed}`);
    expect(Object.keys(d.paths)).toEqual(expect.arrayContaining(["/topics", "/topics.opml", "/articles/{slug}.json"]));
    expect(Object.keys(d.paths["/feed.json"]?.get.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "400", "503"]),
    );
    expect(Object.keys(d.paths["/topics/{slug}/feed.xml"]?.get.responses ?? {})).toContain("404");
    expect(d.components.schemas.Problem).toBeDefined();
    expect(JSON.stringify(d.components.schemas.Article)).toContain('"contentHash"');
  });

  it("gives each parameter's limits and defaults", async () => {
    const byName = new Map(queryParams(await doc(), "/feed.json").map((p) => [p.name, p]));
    expect(byName.get("limit")?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    expect(byName.get("match")?.schema).toMatchObject({ enum: ["any", "all"], default: "any" });
    expect(byName.get("content")?.schema).toMatchObject({ enum: ["full", "summary"], default: "full" });
  });

  it("every documented parameter is accepted with its example, and refused with a bad value that the 400 names", async () => {
    const params = queryParams(await doc(), "/feed.json");
    expect(params.length).toBeGreaterThanOrEqual(10);
    const topic = fixtureArticles()[0]?.topics[0] as string;
    for (const p of params) {
      const value = p.name === "topic" || p.name === "exclude" ? topic : p.example;
      const ok = await get(`/feed.json?${new URLSearchParams({ [p.name]: value })}`);
      expect(ok.status, `${p.name}=${value}`).toBe(200);
      if (p.name === "q") continue; // any words are a query
      const bad = await get(`/feed.json?${new URLSearchParams({ [p.name]: "1999-99-99 <bad>" })}`);
      expect(bad.status, `${p.name} with a bad value`).toBe(400);
      expect(((await bad.json()) as { parameter: string }).parameter).toBe(p.name);
    }
  });

  it("a parameter it does not document is ignored", async () => {
    const items = async (path: string) => ((await (await get(path)).json()) as { items: unknown[] }).items;
    expect(await items("/feed.json?utm_source=reader&ref=home")).toEqual(await items("/feed.json"));
  });
});
