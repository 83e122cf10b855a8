/** Runs the project's npm scripts' programs as a user would, capturing stdout, stderr and the exit code. */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { WRANGLER_QUIET_ENV } from "../../src/publish/kv-target.js";
import { ROOT } from "./corpus.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** The command line and environment of a project script, as `npm run` would start it. */
function command(script: string, args: string[], env: Record<string, string>) {
  return {
    argv: [TSX, join(ROOT, script), ...args],
    options: { cwd: ROOT, env: { ...process.env, ...WRANGLER_QUIET_ENV, NO_COLOR: "1", ...env } },
  };
}

export function runTs(script: string, args: string[], env: Record<string, string> = {}): CliResult {
  const { argv, options } = command(script, args, env);
  const r = spawnSync(process.execPath, argv, { ...options, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runTs without blocking this process's event loop (for tests that serve the child over HTTP). */
export function runTsAsync(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { argv, options } = command(script, args, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, options);
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
