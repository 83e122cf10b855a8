/**
 * The benchmark's load tools: wrk against a URL (req/s, latency, and the CPU
 * time the Worker's workerd processes spent per request, read from /proc),
 * and the KV round trips a request takes, read from the instrumented Worker
 * (test/support/instrumented-worker.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DURATION = process.env.BENCH_SECONDS ?? "2";
export const CONNECTIONS = process.env.BENCH_CONNECTIONS ?? "8";

const work = mkdtempSync(join(tmpdir(), "wirefeed-bench-"));

export function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as { status?: number }).status === 1; // wrk --version exits 1 after printing
  }
}

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU time the Worker's workerd processes spent per request, in microseconds (what Cloudflare bills). */
  cpuMicros: number;
}

/** The workerd processes this script started (Miniflare's children). */
export function workerdPids(): Set<string> {
  try {
    const out = execFileSync("pgrep", ["-P", String(process.pid), "-x", "workerd"], { encoding: "utf8" });
    return new Set(out.trim().split("\n").filter(Boolean));
  } catch {
    return new Set();
  }
}

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

/** User + system CPU time of these processes and their threads so far, in milliseconds. */
function cpuMs(pids: ReadonlySet<string>): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

const LUA_RANDOM = `
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&miss=" .. n .. "-" .. math.random(1000000000))
end
`;

export function wrk(url: string, pids: ReadonlySet<string>, random = false): WrkResult {
  const args = ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency"];
  if (random) {
    const script = join(work, "random.lua");
    writeFileSync(script, LUA_RANDOM);
    args.push("-s", script);
  }
  const cpu0 = cpuMs(pids);
  const out = execFileSync("wrk", [...args, url], { encoding: "utf8" });
  const cpu = cpuMs(pids) - cpu0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? Number.NaN);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    p50: ms("50"),
    p99: ms("99"),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    cpuMicros: (cpu * 1000) / requests,
  };
}

/** fetch, retried: after a load run the server may close a kept-alive connection the client still holds. */
export async function get(url: URL | string): Promise<ArrayBuffer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(url)).arrayBuffer();
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** KV reads per request: warm (the isolate's caches filled) and cold (a fresh isolate state, a URL not rendered before). */
export async function kvReads(base: URL, path: string, times: number): Promise<{ warm: number; cold: number }> {
  const reads = async (fresh: boolean): Promise<number> => {
    const body = new TextDecoder().decode(await get(new URL(`/__bench/kv-reads${fresh ? "?fresh" : ""}`, base)));
    return (JSON.parse(body) as { reads: number }).reads;
  };
  const sep = path.includes("?") ? "&" : "?";
  await reads(false);
  let warm = 0;
  for (let i = 0; i < times; i++) {
    await get(new URL(path, base));
    warm += await reads(false);
  }
  let cold = 0;
  for (let i = 0; i < times; i++) {
    await reads(true);
    await get(new URL(`${path}${sep}cold=${i}`, base));
    cold = Math.max(cold, await reads(false));
  }
  return { warm: warm / times, cold };
}
