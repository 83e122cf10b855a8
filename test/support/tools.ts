/**
 * Debian tools the client tests drive (xmllint, jing, feedparser). A missing
 * tool skips its tests with a visible message, unless WIREFEED_REQUIRE_TOOLS=1
 * (as in CI), where a missing tool is a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

/** Registers `fn` as a test when the tools are there; otherwise a visible skip, or a failure under WIREFEED_REQUIRE_TOOLS=1. */
export function itWith(tools: Tool | Tool[], title: string, fn: () => Promise<void> | void, timeout?: number): void {
  const missing = (Array.isArray(tools) ? tools : [tools]).filter((t) => !t.available);
  if (missing.length === 0) {
    it(title, fn, timeout);
    return;
  }
  const why = missing.map((t) => `${t.name} is not installed (${t.install})`).join("; ");
  if (REQUIRE_TOOLS) {
    it(title, () => {
      throw new Error(`${why}; WIREFEED_REQUIRE_TOOLS=1 makes this a failure`);
    });
  } else {
    process.stderr.write(`SKIPPED "${title}": ${why}\n`);
    it.skip(`${title} [skipped: ${why}]`, () => {});
  }
}

export const sharedValidators: Tool = {
  name: "../shared/validators",
  available: existsSync(fileURLToPath(new URL("../../../shared/validators/atom.rnc", import.meta.url))),
  install: "check out shared/ beside the repository",
};
export const sharedSeeds: Tool = {
  name: "../shared/seeds",
  available: existsSync(fileURLToPath(new URL("../../../shared/seeds", import.meta.url))),
  install: "check out shared/ beside the repository",
};
export const xmllint = probe("xmllint", "xmllint", ["--version"], "apt-get install libxml2-utils");
export const jing = probe("jing", "jing", [], "apt-get install jing", false);
export const newsboat = probe("newsboat", "newsboat", ["-v"], "apt-get install newsboat");
export const chromium = probe("chromium", "/usr/bin/chromium", ["--version"], "apt-get install chromium");
export const feedparser = probe(
  "python3-feedparser",
  "/usr/bin/python3",
  ["-c", "import feedparser"],
  "apt-get install python3-feedparser",
);
