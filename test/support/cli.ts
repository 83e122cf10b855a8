/** Runs the project's npm scripts' programs as a user would, capturing stdout, stderr and the exit code. */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./corpus.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

export function runTs(script: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      NO_COLOR: "1",
      ...env,
    },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runTs without blocking this process's event loop (for tests that serve the child over HTTP). */
export function runTsAsync(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, script), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
        NO_COLOR: "1",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
