/**
 * Reading a version that is not complete where the Worker runs (a deploy half
 * way, or KV's eventual consistency): the Worker falls back to the previous
 * complete version, or answers 503, and never serves a broken or mixed feed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "../../src/worker/index.js";
import { fixtureEntries, ORIGIN, seed } from "./seed.js";

const fetchFrom = (kv: KVNamespace, path: string) => app.fetch(new Request(`${ORIGIN}${path}`), { ...env, FEEDS: kv });

/** The fixture's manifest, and a copy under another version whose all-articles head page is a key never written. */
function brokenManifest(version: string, missingKey: string) {
  const manifest = JSON.parse(fixtureEntries().find((e) => e.key === "manifest")?.value ?? "{}") as {
    version: string;
    scopes: { all: { head: { key: string } } };
  };
  const { all } = manifest.scopes;
  const broken = {
    ...manifest,
    version,
    scopes: { ...manifest.scopes, all: { ...all, head: { ...all.head, key: missingKey } } },
  };
  return { manifest, broken };
}

describe("a manifest that names missing keys", () => {
  it("falls back to the previous manifest, which is complete", async () => {
    const entries = fixtureEntries();
    const { manifest, broken } = brokenManifest("ffffffffffffffff", "page/missing");
    await seed(env.SPARE_KV, [
      ...entries.filter((e) => e.key !== "manifest"),
      { key: "manifest", value: JSON.stringify(broken), base64: false },
      { key: "manifest-previous", value: JSON.stringify(manifest), base64: false },
    ]);
    const res = await fetchFrom(env.SPARE_KV, "/feed.json");
    expect(res.status).toBe(200);
    const feed = (await res.json()) as { items: unknown[] };
    expect(feed.items.length).toBe(7);
  });

  it("answers 503 with Retry-After when no complete version is there", async () => {
    const { broken } = brokenManifest("eeeeeeeeeeeeeeee", "page/never-written");
    await seed(env.SPARE_KV, [{ key: "manifest", value: JSON.stringify(broken), base64: false }]);
    const res = await fetchFrom(env.SPARE_KV, "/feed.xml");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });
});
