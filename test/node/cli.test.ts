/**
 * The operator's commands: `npm run clean` prints Articles as JSON and nothing
 * else on stdout, and cleans a file copied elsewhere as in content/; `npm run
 * stories` prints groups and bench predictions. (The deploy CLI, which runs
 * wrangler, is tested in the long suite: test/long/deploy-cli.test.ts and
 * deploy-refused.test.ts.)
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Article } from "../../src/schema/article.js";
import { runTs } from "../support/cli.js";
import { FIXTURE_CONTENT, REAL_CONTENT } from "../support/corpus.js";

describe("npm run --silent clean -- FILE...", () => {
  it("prints the cleaned Articles as JSON on stdout, nothing else", () => {
    const files = ["f1-mars-sample-return.txt", "f4-central-banks-climate.txt"].map((f) =>
      join(FIXTURE_CONTENT, "articles", f),
    );
    const r = runTs("src/ingest/cli-clean.ts", files, { WIREFEED_CONTENT_DIR: FIXTURE_CONTENT });
    expect(r.status).toBe(0);
    const articles = (JSON.parse(r.stdout) as unknown[]).map((a) => Article.parse(a));
    expect(articles.map((a) => a.title)).toEqual([
      "ESA and NASA agree joint plan for Mars sample return",
      "Central banks weigh climate risk in their balance sheets",
    ]);
  });

  it("--explain says why each topic was given", () => {
    const r = runTs("src/ingest/cli-clean.ts", ["--explain", join(REAL_CONTENT, "articles/003_029353f80516c880.txt")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kosovo: given \(score \d+, threshold 4\): "Kosovo" 1× title/m);
    // a section headed "NATO's Role Amid War in Ukraine" and two more mentions give the topic
    expect(r.stdout).toMatch(/^ukraine: given \(score 5, threshold 4\): "Ukraine" 1× heading, 2× body/m);
  });

  it("exits 1 naming a bad file, after printing the good ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-clean-"));
    writeFileSync(join(dir, "empty.txt"), "  \n");
    const r = runTs(
      "src/ingest/cli-clean.ts",
      [join(FIXTURE_CONTENT, "articles/f5-lunar-gateway.txt"), join(dir, "empty.txt")],
      { WIREFEED_CONTENT_DIR: FIXTURE_CONTENT },
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    expect(r.stderr).toMatch(/empty\.txt: holds only whitespace/);
    rmSync(dir, { recursive: true });
  });
});

describe("npm run --silent clean -- FILE... from another folder", () => {
  it("the seeds copied elsewhere clean exactly as they do in content/ (a copy is not a second page)", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-copy-"));
    cpSync(join(REAL_CONTENT, "articles"), dir, { recursive: true });
    const names = readdirSync(join(REAL_CONTENT, "articles"))
      .filter((n) => n.endsWith(".txt"))
      .sort()
      .slice(0, 2);
    const here = runTs(
      "src/ingest/cli-clean.ts",
      names.map((n) => join(REAL_CONTENT, "articles", n)),
    );
    const there = runTs(
      "src/ingest/cli-clean.ts",
      names.map((n) => join(dir, n)),
    );
    rmSync(dir, { recursive: true });
    expect(there.status).toBe(0);
    const pick = (out: string) =>
      (JSON.parse(out) as unknown[]).map((a) => {
        const { title, author, published, body } = Article.parse(a);
        return { title, author, published, body };
      });
    expect(pick(there.stdout)).toEqual(pick(here.stdout));
    expect(pick(there.stdout)[1]?.published).toBe("2025-03-17T00:00:00.000Z");
  });
});

describe("npm run --silent stories", () => {
  it("--bench DIR prints {NAME: STORY_ID} for every file; FILE... prints the groups with their evidence", () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-stories-"));
    const seeds = readdirSync(join(REAL_CONTENT, "articles")).filter((n) => n.endsWith(".txt"));
    const first = seeds.sort()[0] as string;
    const text = readFileSync(join(REAL_CONTENT, "articles", first), "utf8");
    writeFileSync(join(dir, "original.txt"), text);
    writeFileSync(
      join(dir, "syndicated.txt"),
      `VALLEY COURIER\nNews | Sport | Weather\n\n${text}\n\n© 2026 Valley Courier\n`,
    );
    writeFileSync(join(dir, "other.txt"), readFileSync(join(FIXTURE_CONTENT, "articles/f5-lunar-gateway.txt"), "utf8"));
    const bench = runTs("src/ingest/cli-stories.ts", ["--bench", dir]);
    expect(bench.status).toBe(0);
    const ids = JSON.parse(bench.stdout) as Record<string, string>;
    expect(Object.keys(ids).sort()).toEqual(["original", "other", "syndicated"]);
    expect(ids.original).toBe(ids.syndicated);
    expect(ids.other).not.toBe(ids.original);
    const groups = runTs(
      "src/ingest/cli-stories.ts",
      ["original.txt", "syndicated.txt"].map((n) => join(dir, n)),
    );
    rmSync(dir, { recursive: true });
    const parsed = JSON.parse(groups.stdout) as {
      articles: string[];
      links: { kind: string; sharedShingles: number }[];
    }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.links[0]?.kind).toBe("copy");
    expect(parsed[0]?.links[0]?.sharedShingles).toBeGreaterThan(0.9);
  });
});
