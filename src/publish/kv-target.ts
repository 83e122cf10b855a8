/**
 * Where a deploy writes: the operations the deploy needs from a Workers KV
 * namespace. `bindingTarget` wraps a KV binding: Miniflare's in tests and
 * benchmarks, and, through wrangler's getPlatformProxy, the local store that
 * `wrangler dev` reads (`localTarget`). `wranglerTarget` drives the wrangler
 * CLI against the real namespace (`kv bulk put --remote`). (Wrangler 4.86's
 * `kv bulk put --local` stores base64 binary values lossily, so the local
 * store is written through the binding instead.)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { getPlatformProxy } from "wrangler";

import type { KvEntry } from "./plan.js";
import { plainText } from "./wrangler-errors.js";

export interface KvTarget {
  /** Human-readable name for messages: "local KV (.wrangler/state)", "remote namespace abc…". */
  readonly name: string;
  get(key: string): Promise<string | null>;
  /** The value as bytes (compressed values: the root, articles). */
  getBytes(key: string): Promise<Uint8Array | null>;
  /** Every key that starts with the prefix. */
  list(prefix: string): Promise<string[]>;
  /** Writes up to KV_LIMITS.bulkPairs entries. */
  putMany(entries: readonly KvEntry[]): Promise<void>;
  /** Deletes up to KV_LIMITS.bulkPairs keys. */
  deleteMany(keys: readonly string[]): Promise<void>;
}

/** The subset of a KVNamespace binding the deploy uses (Miniflare's and workerd's both have it). */
export interface KvBindingLike {
  get(key: string, type: "text"): Promise<string | null>;
  get(key: string, type: "arrayBuffer"): Promise<ArrayBuffer | null>;
  put(
    key: string,
    value: string | ArrayBuffer | ArrayBufferView,
    options?: { expirationTtl?: number },
  ): Promise<unknown>;
  delete(key: string): Promise<unknown>;
  list(options: { prefix?: string; cursor?: string | null }): Promise<{
    keys: { name: string }[];
    list_complete: boolean;
    cursor?: string;
  }>;
}

export function bindingTarget(kv: KvBindingLike, name = "KV binding"): KvTarget {
  return {
    name,
    get: (key) => kv.get(key, "text"),
    async getBytes(key) {
      const v = await kv.get(key, "arrayBuffer");
      return v === null ? null : new Uint8Array(v);
    },
    async list(prefix) {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix, cursor: cursor ?? null });
        for (const k of page.keys) keys.push(k.name);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return keys;
    },
    async putMany(entries) {
      // Bounded concurrency: fast, without opening thousands of requests at once.
      for (let i = 0; i < entries.length; i += 50) {
        await Promise.all(
          entries
            .slice(i, i + 50)
            // a standalone ArrayBuffer: a Node Buffer is a view into a shared pool
            .map((e) =>
              kv.put(
                e.key,
                typeof e.value === "string" ? e.value : new Uint8Array(e.value).buffer,
                e.expirationTtl ? { expirationTtl: e.expirationTtl } : undefined,
              ),
            ),
        );
      }
    },
    async deleteMany(keys) {
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => kv.delete(k)));
    },
  };
}

export interface WranglerTargetOptions {
  /** The namespace id (wrangler.toml's id for the FEEDS binding when absent). */
  namespaceId?: string;
  /** `--env` of wrangler.toml. */
  env?: string;
  /** Where wrangler's warnings go (stderr by default). */
  onWarning?: WarningSink;
}

/** What every wrangler this project starts runs with: no metrics, no fetches of Cloudflare's data, no banner. */
export const WRANGLER_QUIET_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
} as const;

/** Prints wrangler's warnings, which it writes to stderr even when the command succeeds. */
export type WarningSink = (line: string) => void;

const defaultWarnings: WarningSink = (line) => process.stderr.write(`wrangler: ${line}\n`);

/** Lines of wrangler's stderr that warn (wrangler marks them "▲ [WARNING]"), without escape sequences. */
export function wranglerWarnings(stderr: string): string[] {
  return plainText(stderr)
    .split(/\n(?=\S)/)
    .map((block) => block.trim())
    .filter((block) => /\[WARNING\]|^warning/i.test(block) || block.startsWith("▲"));
}

/** Runs the project's wrangler; resolves with its stdout as bytes, passing its warnings on. */
export function runWranglerBytes(args: string[], onWarning: WarningSink = defaultWarnings): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], {
      env: { ...process.env, ...WRANGLER_QUIET_ENV, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      for (const w of wranglerWarnings(err)) onWarning(w);
      const stdout = Buffer.concat(out);
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `wrangler ${args.slice(0, 3).join(" ")} failed (exit ${code}): ${plainText(err || stdout.toString("utf8"))
              .trim()
              .slice(-2000)}`,
          ),
        );
    });
  });
}

export async function runWrangler(args: string[], onWarning?: WarningSink): Promise<string> {
  return (await runWranglerBytes(args, onWarning)).toString("utf8");
}

/** The wrangler this project depends on (not whatever `npx` would find). */
export function wranglerBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/**
 * A missing key: `wrangler kv key get --remote` fails with the API's 404
 * ("Failed to fetch …/values/KEY - 404: Not Found"); the local store prints
 * "Value not found" and succeeds. Both are null here; any other failure is thrown.
 */
async function missingAsNull<T extends string | Buffer>(run: Promise<T>): Promise<T | null> {
  try {
    const out = await run;
    return out.toString() === "Value not found\n" ? null : out;
  } catch (e) {
    if (/\/values\/\S+ - 404\b/.test((e as Error).message)) return null;
    throw e;
  }
}

/**
 * An entry as `wrangler kv bulk put` reads it: binary values base64-encoded,
 * and the expiry as `expiration_ttl` (wrangler drops `expirationTtl` with a warning).
 */
export function bulkEntry(e: KvEntry): { key: string; value: string; base64?: true; expiration_ttl?: number } {
  const value = typeof e.value === "string" ? e.value : Buffer.from(e.value).toString("base64");
  return {
    key: e.key,
    value,
    ...(typeof e.value === "string" ? {} : { base64: true as const }),
    ...(e.expirationTtl ? { expiration_ttl: e.expirationTtl } : {}),
  };
}

/** The real namespace, through the wrangler CLI (`--remote`). */
export function wranglerTarget(opts: WranglerTargetOptions): KvTarget {
  const common: string[] = [];
  if (opts.namespaceId) common.push("--namespace-id", opts.namespaceId);
  else common.push("--binding", "FEEDS");
  common.push("--remote");
  if (opts.env) common.push("--env", opts.env);
  const withFile = async (content: string, fn: (path: string) => Promise<unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-kv-"));
    const path = join(dir, "batch.json");
    try {
      writeFileSync(path, content);
      await fn(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    name: `remote KV namespace ${opts.namespaceId ?? "(FEEDS binding)"}`,
    async list(prefix) {
      const out = await runWrangler(["kv", "key", "list", "--prefix", prefix, ...common], opts.onWarning);
      const start = out.search(/^\[/m);
      const parsed = JSON.parse(start >= 0 ? out.slice(start) : "[]") as { name: string }[];
      return parsed.map((k) => k.name);
    },
    async get(key) {
      const out = await missingAsNull(runWrangler(["kv", "key", "get", key, "--text", ...common], opts.onWarning));
      return out === null ? null : out.replace(/\n$/, "");
    },
    async getBytes(key) {
      const out = await missingAsNull(runWranglerBytes(["kv", "key", "get", key, ...common], opts.onWarning));
      return out === null ? null : new Uint8Array(out);
    },
    putMany: (entries) =>
      withFile(JSON.stringify(entries.map(bulkEntry)), (p) =>
        runWrangler(["kv", "bulk", "put", p, ...common], opts.onWarning),
      ),
    deleteMany: (keys) =>
      withFile(JSON.stringify(keys), (p) =>
        runWrangler(["kv", "bulk", "delete", p, "--force", ...common], opts.onWarning),
      ),
  };
}

/** The local store `wrangler dev` reads (.wrangler/state, or --persist-to DIR), written through a KV binding. */
export async function localTarget(
  opts: { persistTo?: string; env?: string } = {},
): Promise<KvTarget & { dispose(): Promise<void> }> {
  const proxy = await getPlatformProxy<{ FEEDS: KvBindingLike }>({
    ...(opts.env ? { environment: opts.env } : {}),
    persist: opts.persistTo ? { path: join(opts.persistTo, "v3") } : true,
    remoteBindings: false,
  });
  const target = bindingTarget(proxy.env.FEEDS, `local KV (${opts.persistTo ?? ".wrangler/state"})`);
  return { ...target, dispose: () => proxy.dispose() };
}
