/**
 * Debian tools the client tests drive (xmllint, jing, feedparser). A missing
 * tool skips its tests with a visible message, unless WIREFEED_REQUIRE_TOOLS=1
 * (as in CI), where a missing tool is a failure.
 */
import { spawnSync } from "node:child_process";
import { it } from "vitest";

export const REQUIRE_TOOLS = process.env.WIREFEED_REQUIRE_TOOLS === "1";

export interface Tool {
  name: string;
  available: boolean;
  install: string;
}

/** A tool is there when its command runs; `mustSucceed` also needs exit code 0 (a Python import, say). */
export function probe(name: string, command: string, args: string[], install: string, mustSucceed = true): Tool {
  const r = spawnSync(command, args, { stdio: "ignore" });
  const ran = r.error === undefined && r.status !== 127;
  return { name, available: ran && (!mustSucceed || r.status === 0), install };
}

/** Registers `fn` as a test when the tool is there; otherwise a visible skip, or a failure under WIREFEED_REQUIRE_TOOLS=1. */
export function itWith(tool: Tool, title: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (tool.available) {
    it(title, fn, timeout);
    return;
  }
  const why = `${tool.name} is not installed (${tool.install})`;
  if (REQUIRE_TOOLS) {
    it(title, () => {
      throw new Error(`${why}; WIREFEED_REQUIRE_TOOLS=1 makes this a failure`);
    });
  } else {
    process.stderr.write(`SKIPPED "${title}": ${why}\n`);
    it.skip(`${title} [skipped: ${why}]`, () => {});
  }
}

export const xmllint = probe("xmllint", "xmllint", ["--version"], "apt-get install libxml2-utils");
export const jing = probe("jing", "jing", [], "apt-get install jing", false);
export const feedparser = probe(
  "python3-feedparser",
  "/usr/bin/python3",
  ["-c", "import feedparser"],
  "apt-get install python3-feedparser",
);
