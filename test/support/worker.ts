/**
 * The real Worker in workerd for Node-side tests: bundled exactly as
 * `wrangler deploy` would (--dry-run --outdir), run by Miniflare with the
 * bindings of wrangler.toml, listening on 127.0.0.1 so real clients can fetch it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { bindingTarget, type KvTarget, WRANGLER_QUIET_ENV, wranglerBin } from "../../src/publish/kv-target.js";
import { ROOT } from "./corpus.js";

let bundled: string | undefined;

/** A directory of the system's temporary one, removed when this test process ends. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
let instrumented: string | undefined;

/**
 * The instrumented Worker (test/support/instrumented-worker.ts: the real app
 * with KV round trips counted), bundled by esbuild for workerd, once per process.
 */
export async function bundleInstrumentedWorker(): Promise<string> {
  if (instrumented) return instrumented;
  const out = join(tempDir("wirefeed-instrumented-"), "worker.js");
  await build({
    entryPoints: [join(ROOT, "test/support/instrumented-worker.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    outfile: out,
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    logLevel: "error",
  });
  instrumented = out;
  return out;
}

/** Bundles the Worker once per test process. */
export function bundleWorker(): string {
  if (bundled) return bundled;
  const out = tempDir("wirefeed-bundle-");
  execFileSync(process.execPath, [wranglerBin(), "deploy", "--dry-run", "--outdir", out], {
    cwd: ROOT,
    env: { ...process.env, ...WRANGLER_QUIET_ENV },
    stdio: "pipe",
  });
  bundled = join(out, "index.js");
  return bundled;
}

export interface RunningWorker {
  mf: Miniflare;
  url: URL;
  kv: KvTarget;
  close(): Promise<void>;
}

/**
 * Starts the Worker on a free port of 127.0.0.1 with an empty KV namespace:
 * the production bundle, or with `instrumented` the one that counts KV round
 * trips per response (send `x-wirefeed-count: 1`).
 */
export async function startWorker(
  opts: { instrumented?: boolean; inspectorPort?: number } = {},
): Promise<RunningWorker> {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
  const script = opts.instrumented ? await bundleInstrumentedWorker() : bundleWorker();
  const mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    kvNamespaces: ["FEEDS"],
    // every request re-reads the manifest: tests see a deploy at once, without waiting
    bindings: { ...(config.vars as Record<string, string>), MANIFEST_RECHECK_MS: "0" },
    host: "127.0.0.1",
    port: 0,
    ...(opts.inspectorPort ? { inspectorPort: opts.inspectorPort } : {}),
  });
  const url = await mf.ready;
  const kv = bindingTarget(await mf.getKVNamespace("FEEDS"), "Miniflare KV");
  return { mf, url, kv, close: () => mf.dispose() };
}

/** An empty KV namespace to deploy into, without a Worker in front of it. */
export async function kvOnly(): Promise<{ kv: KvTarget; close(): Promise<void> }> {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 204 }); } }",
    kvNamespaces: ["FEEDS"],
  });
  const kv = bindingTarget(await mf.getKVNamespace("FEEDS"), "Miniflare KV");
  return { kv, close: () => mf.dispose() };
}
