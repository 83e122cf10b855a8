/**
 * The real Worker in workerd for Node-side tests: bundled exactly as
 * `wrangler deploy` would (--dry-run --outdir), run by Miniflare with the
 * bindings of wrangler.toml, listening on 127.0.0.1 so real clients can fetch it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { bindingTarget, type KvTarget, WRANGLER_QUIET_ENV, wranglerBin } from "../../src/publish/kv-target.js";
import { ROOT } from "./corpus.js";

let bundled: string | undefined;

/** Bundles the Worker once per test process. */
export function bundleWorker(): string {
  if (bundled) return bundled;
  const out = mkdtempSync(join(tmpdir(), "wirefeed-bundle-"));
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

/** Starts the Worker on a free port of 127.0.0.1 with an empty KV namespace. */
export async function startWorker(): Promise<RunningWorker> {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
  const mf = new Miniflare({
    modules: true,
    scriptPath: bundleWorker(),
    modulesRoot: dirname(bundleWorker()),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    kvNamespaces: ["FEEDS"],
    bindings: config.vars as Record<string, string>,
    host: "127.0.0.1",
    port: 0,
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
