/**
 * A store-format change, rolled out while the Worker of the previous format
 * is live: the last release of format 4 (its Worker and its deploy, taken
 * from the repository's history) publishes and serves; then this release's
 * deploy publishes the current format beside it and, in the place of `wrangler deploy`,
 * checks that both Workers answer. The old Worker never answers 503: its
 * manifest and keys stay until the new Worker is live and the grace period
 * has passed. Needs the git history (a full clone); skips visibly without it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { deployCorpus } from "../../src/publish/deploy.js";
import { GRACE_SECONDS } from "../../src/publish/gc.js";
import { bindingTarget, type KvTarget } from "../../src/publish/kv-target.js";
import { formatPrefix, MANIFEST_KEY, STORE_FORMAT } from "../../src/schema/keys.js";
import { buildFixture, FIXED_NOW, ROOT } from "../support/corpus.js";
import { itWith, type Tool } from "../support/tools.js";
import { bundleWorker } from "../support/worker.js";

/** The last commit whose store format was 4. */
const FORMAT_4 = "23b34b9732400e3cb0cd0281ef75f68c7e3273d6";

const history: Tool = {
  name: `git history (commit ${FORMAT_4.slice(0, 7)})`,
  available: (() => {
    try {
      execFileSync("git", ["-C", ROOT, "cat-file", "-e", `${FORMAT_4}^{commit}`], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })(),
  install: "a full clone of the repository (git fetch --unshallow)",
};

const T0 = Date.parse(FIXED_NOW);
let dir: string;
let mf: Miniflare | undefined;
let kv: KvTarget;
let oldDeploy: (articles: unknown[], topics: unknown[], target: unknown, options: unknown) => Promise<unknown>;

beforeAll(async () => {
  if (!history.available) return;
  dir = mkdtempSync(join(tmpdir(), "wirefeed-format-4-"));
  const tar = execFileSync("git", ["-C", ROOT, "archive", FORMAT_4, "src", "package.json"]);
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const oldWorker = join(dir, "old-worker.js");
  await build({
    entryPoints: [join(dir, "src/worker/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: oldWorker,
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "error",
  });
  const bindings = {
    SITE_TITLE: "Wirefeed",
    SITE_DESCRIPTION: "d",
    SITE_LANGUAGE: "en",
    WEBSUB_HUB: "",
    PUBLIC_URL: "",
  };
  const worker = (name: string, scriptPath: string) => ({
    name,
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    compatibilityDate: "2026-04-20",
    kvNamespaces: { FEEDS: "feeds" },
    bindings: { ...bindings, MANIFEST_RECHECK_MS: "0" },
  });
  mf = new Miniflare({ workers: [worker("new", bundleWorker()), worker("old", oldWorker)] });
  await mf.ready;
  kv = bindingTarget(await mf.getKVNamespace("FEEDS", "new"), "Miniflare KV");
  const module = (await import(join(dir, "src/publish/deploy.ts"))) as { deployCorpus: typeof oldDeploy };
  oldDeploy = module.deployCorpus;
}, 120_000);
afterAll(async () => {
  await mf?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function served(worker: "old" | "new"): Promise<{ status: number; items: number }> {
  const w = await (mf as Miniflare).getWorker(worker);
  const res = await w.fetch(`https://wirefeed.test/feed.json?limit=100&probe=${Math.random()}`);
  const body = await res.text();
  return { status: res.status, items: res.ok ? (JSON.parse(body) as { items: unknown[] }).items.length : -1 };
}

describe("a store-format change rolled out under the live Worker of the old format", () => {
  itWith(
    history,
    "never leaves the old Worker without its corpus, and retires it only after the grace period",
    async () => {
      const { corpus } = await buildFixture();
      await oldDeploy(corpus.articles, corpus.topics, kv, { lockSettleMs: 0 });
      expect(await served("old")).toEqual({ status: 200, items: 7 });
      // before this release's deploy, the new Worker finds no corpus of its format
      expect((await served("new")).status).toBe(503);

      const during: { old: unknown; fresh: unknown }[] = [];
      const report = await deployCorpus(corpus.articles, corpus.topics, kv, {
        lockSettleMs: 0,
        now: () => T0,
        collect: "all",
        // where the CLI runs `wrangler deploy`: the old Worker is still the live one
        afterSwitch: async () => {
          during.push({ old: await served("old"), fresh: await served("new") });
        },
      });
      expect(during).toEqual([{ old: { status: 200, items: 7 }, fresh: { status: 200, items: 7 } }]);
      expect(report.deleted).toEqual([]);
      // an old Worker still running somewhere keeps its corpus through the grace period
      expect(await served("old")).toEqual({ status: 200, items: 7 });
      expect(await kv.get("manifest")).not.toBeNull();

      const later = await deployCorpus(corpus.articles, corpus.topics, kv, {
        lockSettleMs: 0,
        now: () => T0 + GRACE_SECONDS * 1000,
        collect: "all",
      });
      expect(later.deleted).toContain("manifest");
      expect(later.deleted.every((k) => !k.startsWith(formatPrefix(STORE_FORMAT)))).toBe(true);
      expect((await kv.list("")).filter((k) => !k.startsWith(formatPrefix(STORE_FORMAT)))).toEqual([]);
      expect(await kv.get(MANIFEST_KEY)).not.toBeNull();
      expect(await served("new")).toEqual({ status: 200, items: 7 });
    },
    120_000,
  );
});
