/**
 * The deploy CLI as the operator runs it: `npm run deploy -- --local` fills
 * the store `wrangler dev` reads, is safe to re-run, and refuses bad content
 * before writing anything; `--dry-run` prints the plan (articles, feeds,
 * keys) and needs no account, comparing with the local store or an empty
 * one; a remote deploy without a namespace id says how to get one. In the
 * long suite (npm run test:long, which CI runs): each runs the whole CLI,
 * wrangler included.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localTarget } from "../../src/publish/kv-target.js";
import { ITEM_PREFIX, MANIFEST_KEY } from "../../src/schema/keys.js";
import { Manifest } from "../../src/schema/store.js";
import { runTs } from "../support/cli.js";
import { FIXTURE_CONTENT, ROOT } from "../support/corpus.js";

describe("npm run deploy -- --local", () => {
  let dir: string;
  let content: string;
  let persist: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wirefeed-deploy-"));
    content = join(dir, "content");
    persist = join(dir, "state");
    cpSync(FIXTURE_CONTENT, content, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** Reads a key from the local store, as `wrangler dev` would see it. */
  const readLocal = async (key: string): Promise<string | null> => {
    const target = await localTarget({ persistTo: persist });
    try {
      return await target.get(key);
    } finally {
      await target.dispose();
    }
  };
  const deploy = (...args: string[]) =>
    runTs("src/publish/cli-deploy.ts", ["--local", "--persist-to", persist, ...args], {
      WIREFEED_CONTENT_DIR: content,
    });

  it("publishes the corpus into the local store and records new articles in the ledger", async () => {
    const r = deploy();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Published version [0-9a-f]{16} \(7 articles, 5 topics\) to local KV/);
    expect(r.stderr).toMatch(/wrote batch 1: \d+ keys/);
    const manifest = Manifest.parse(JSON.parse((await readLocal(MANIFEST_KEY)) ?? "null"));
    expect(r.stdout).toContain(`version ${manifest.version} `);
    const ledger = JSON.parse(readFileSync(join(content, "ledger.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(ledger).sort()).toHaveLength(7);
  });

  it("run again with nothing changed, writes nothing", () => {
    const r = deploy();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Nothing to publish: version [0-9a-f]{16} \(7 articles, 5 topics\) is already live/);
  });

  it("--dry-run prints the keys it would write and touches nothing", async () => {
    const file = join(content, "articles/f5-lunar-gateway.txt");
    writeFileSync(file, readFileSync(file, "utf8").replace("this week", "on Tuesday"));
    const r = deploy("--dry-run");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^write {2}${ITEM_PREFIX}`, "m"));
    expect(r.stdout).toMatch(new RegExp(`^write {2}${MANIFEST_KEY}$`, "m"));
    expect(r.stdout).toMatch(/Would publish version/);
    const live = Manifest.parse(JSON.parse((await readLocal(MANIFEST_KEY)) ?? "null"));
    expect(r.stdout).toContain(`, replacing ${live.version}:`);
    const again = deploy("--dry-run");
    expect(Manifest.parse(JSON.parse((await readLocal(MANIFEST_KEY)) ?? "null")).version).toBe(live.version);
    expect(again.stdout.split("\n").length).toBe(r.stdout.split("\n").length);
  });

  it("--dry-run with no namespace id compares with the local store `npm start` fills, listing articles and feeds", async () => {
    // f5 was edited by the test before; now one article goes and one comes
    const gone = join(content, "articles/f3-heatwave-emissions.txt");
    const goneText = readFileSync(gone);
    const added = join(content, "articles/new-slash-byline.txt");
    rmSync(gone);
    cpSync(join(ROOT, "test/fixtures/new-articles/slash-byline.txt"), added);
    try {
      const before = await readLocal(MANIFEST_KEY);
      const r = runTs("src/publish/cli-deploy.ts", ["--dry-run", "--persist-to", persist], {
        WIREFEED_CONTENT_DIR: content,
        WIREFEED_KV_NAMESPACE_ID: "",
        CLOUDFLARE_API_TOKEN: "",
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Would publish version [0-9a-f]{16} \(7 articles, 5 topics\) to local KV/m);
      expect(r.stdout).toMatch(/^ {2}articles: 1 added, 1 changed, 1 removed$/m);
      expect(r.stdout).toMatch(/^ {4}\+ [a-z0-9-]+ {2}\S/m);
      expect(r.stdout).toMatch(
        /^ {4}~ lunar-gateway-module-ships-to-florida {2}Lunar Gateway module ships to Florida$/m,
      );
      expect(r.stdout).toMatch(/^ {4}- heatwave-revives-debate-over-emissions-targets$/m);
      expect(r.stdout).toMatch(
        /^ {2}feeds that change \(each as \.xml, \.atom and \.json\): \/feed, .*\/topics\/space\/feed/m,
      );
      expect(r.stdout).toMatch(/^ {2}would write \d+ keys \([\d.]+ KiB\), would delete \d+, kept \d+ unchanged/m);
      expect(r.stdout).toContain(`Compared with the local store in ${persist}`);
      expect(await readLocal(MANIFEST_KEY)).toBe(before);
    } finally {
      writeFileSync(gone, goneText);
      rmSync(added);
    }
  });

  it("refuses bad content before writing anything, naming the file", async () => {
    const before = await readLocal(MANIFEST_KEY);
    writeFileSync(join(content, "articles/broken.txt"), Buffer.from([0x66, 0x00, 0x6f]));
    const r = deploy();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nothing was published/);
    expect(r.stderr).toMatch(/broken\.txt: contains a NUL byte/);
    expect(await readLocal(MANIFEST_KEY)).toBe(before);
  });
});

describe("npm run deploy (remote)", () => {
  it("refuses to run without a KV namespace id, saying how to create one", () => {
    const r = runTs("src/publish/cli-deploy.ts", [], {
      WIREFEED_CONTENT_DIR: FIXTURE_CONTENT,
      WIREFEED_KV_NAMESPACE_ID: "",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/No KV namespace id for the FEEDS binding/);
    expect(r.stderr).toMatch(/wrangler kv namespace create FEEDS/);
  });

  it("--dry-run needs no account: with no namespace id and no local store it compares with an empty one and creates nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-preview-"));
    const none = join(dir, "no-store");
    const ledger = readFileSync(join(FIXTURE_CONTENT, "ledger.json"), "utf8");
    try {
      const r = runTs("src/publish/cli-deploy.ts", ["--dry-run", "--persist-to", none], {
        WIREFEED_CONTENT_DIR: FIXTURE_CONTENT,
        WIREFEED_KV_NAMESPACE_ID: "",
        CLOUDFLARE_API_TOKEN: "",
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Would publish version [0-9a-f]{16} \(7 articles, 5 topics\) to an empty store/m);
      expect(r.stdout).toMatch(/^ {2}articles: 7 added, 0 changed, 0 removed$/m);
      expect(r.stdout).toMatch(
        /^ {4}\+ lunar-gateway-module-ships-to-florida {2}Lunar Gateway module ships to Florida$/m,
      );
      expect(r.stdout).toMatch(new RegExp(`^write {2}${MANIFEST_KEY}$`, "m"));
      expect(r.stdout).toMatch(/^Compared with an empty store/m);
      expect(r.stdout).toMatch(/^Nothing was written: this was a dry run\.$/m);
      expect(existsSync(none)).toBe(false);
      expect(readFileSync(join(FIXTURE_CONTENT, "ledger.json"), "utf8")).toBe(ledger);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
