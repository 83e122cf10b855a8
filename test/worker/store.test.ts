/**
 * Reading a version that is not complete where the Worker runs (a deploy half
 * way, or KV's eventual consistency): the Worker falls back to the previous
 * complete version the manifest names, or answers 503, and never serves a
 * broken or mixed feed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { KEYS_PREFIX, MANIFEST_KEY, ROOT_PREFIX, SEGMENT_PREFIX } from "../../src/schema/keys.js";
import app from "../../src/worker/index.js";
import type { PortableEntry } from "./provided.js";
import { fixtureEntries, ORIGIN, seed } from "./seed.js";

const fetchFrom = (kv: KVNamespace, path: string) => app.fetch(new Request(`${ORIGIN}${path}`), { ...env, FEEDS: kv });

const manifestOf = (entries: PortableEntry[]) =>
  JSON.parse(entries.find((e) => e.key === MANIFEST_KEY)?.value ?? "{}") as { version: string; root: string };

const titles = async (res: Response) =>
  ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title);

describe("a manifest that names missing keys", () => {
  it("falls back to the previous version when the live root is missing", async () => {
    const entries = fixtureEntries();
    const live = manifestOf(entries);
    const broken = { ...live, version: "ffffffffffffffff", root: `${ROOT_PREFIX}ffffffffffffffff`, previous: live };
    await seed(env.SPARE_KV, [
      ...entries.filter((e) => e.key !== MANIFEST_KEY),
      { key: MANIFEST_KEY, value: JSON.stringify(broken), base64: false },
    ]);
    const res = await fetchFrom(env.SPARE_KV, "/feed.json");
    expect(res.status).toBe(200);
    expect(await titles(res)).toHaveLength(7);
  });

  it("falls back to the previous version when a value the live one names is missing", async () => {
    const older = fixtureEntries();
    const newer: PortableEntry[] = inject("fixtureKvNewer");
    const live = manifestOf(newer);
    const olderManifest = manifestOf(older);
    const missing = newer.filter((e) => e.key.startsWith(KEYS_PREFIX) && !older.some((o) => o.key === e.key));
    expect(missing.length).toBeGreaterThan(0);
    await seed(env.SPARE_KV, [
      ...older.filter((e) => e.key !== MANIFEST_KEY),
      ...newer.filter((e) => e.key !== MANIFEST_KEY && !missing.includes(e)),
      {
        key: MANIFEST_KEY,
        value: JSON.stringify({ ...live, previous: { version: olderManifest.version, root: olderManifest.root } }),
        base64: false,
      },
    ]);
    const res = await fetchFrom(env.SPARE_KV, "/feed.json");
    expect(res.status).toBe(200);
    const shown = await titles(res);
    expect(shown).toHaveLength(7);
    expect(shown).not.toContain("A new arrival");
  });

  it("answers 503 with Retry-After when no complete version is there", async () => {
    // a version whose segments this isolate has never read (values it has read stay readable: they are immutable)
    const newer: PortableEntry[] = inject("fixtureKvNewer");
    const older = new Set(fixtureEntries().map((e) => e.key));
    await seed(
      env.SPARE_KV,
      newer.filter((e) => older.has(e.key) || !(e.key.startsWith(KEYS_PREFIX) || e.key.startsWith(SEGMENT_PREFIX))),
    );
    const res = await fetchFrom(env.SPARE_KV, "/feed.xml");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });
});
