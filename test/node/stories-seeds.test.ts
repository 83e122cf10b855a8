/**
 * The five seed articles (content/articles) are five outlets' accounts of one
 * story, NATO Secretary General Mark Rutte's visits to Sarajevo and Pristina
 * in March 2025, mostly undated and sharing names but no figures or
 * quotations: they form one story. Hard negatives written for this test
 * (test/fixtures/stories/negatives) name the same people and places but
 * report other events (a summit in The Hague, a visit to Belgrade, a court
 * ruling on Dodik told by two outlets, talks in Brussels, clashes in the
 * north of Kosovo, a KFOR anniversary, a later visit to Sarajevo), some
 * dated, some not: none joins the seeds' story, and only the two accounts of
 * the Dodik ruling join each other. Everything goes through the real
 * cleaner, as the CLI and the deploy do.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanInput, corpusCommonLines, readRawFile } from "../../src/ingest/corpus.js";
import { storyFeatures } from "../../src/ingest/stories/features.js";
import { groupInputs, groupStories, type Story } from "../../src/ingest/stories/group.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { ROOT } from "../support/corpus.js";

const SEEDS = join(ROOT, "content/articles");
const NEGATIVES = join(ROOT, "test/fixtures/stories/negatives");
const txt = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith(".txt"))
    .sort()
    .map((n) => join(dir, n));

function inputsOf(paths: readonly string[]) {
  const raw = paths.map((path) => ({ path, input: readRawFile(path) }));
  const commonLines = corpusCommonLines(raw.map(({ input }) => input.text));
  return raw.map(({ path, input }) => {
    const { page } = cleanInput(path, path, input, { commonLines });
    return {
      key: basename(path, ".txt"),
      title: page.title ?? "",
      text: blocksToLines(page.blocks).join("\n"),
      published: page.published,
    };
  });
}

const seedKeys = txt(SEEDS).map((p) => basename(p, ".txt"));
const negativeKeys = txt(NEGATIVES).map((p) => basename(p, ".txt"));
const inputs = inputsOf([...txt(SEEDS), ...txt(NEGATIVES)]);
const storyOf = (stories: Story[], key: string) => stories.find((s) => s.members.includes(key));

describe("the seed articles and hard negatives", () => {
  const stories = groupStories(inputs.map(storyFeatures));

  it("has five seeds and at least six hard negatives, some dated and some not", () => {
    expect(seedKeys).toHaveLength(5);
    expect(negativeKeys.length).toBeGreaterThanOrEqual(6);
    const negatives = inputs.filter((i) => negativeKeys.includes(i.key));
    expect(negatives.some((i) => i.published !== null)).toBe(true);
    expect(negatives.some((i) => i.published === null)).toBe(true);
  });

  it("the five seeds form one story", () => {
    expect([...(storyOf(stories, seedKeys[0] as string)?.members ?? [])].sort()).toEqual([...seedKeys].sort());
  });

  it("no article about another event joins the seeds' story", () => {
    const seeds = storyOf(stories, seedKeys[0] as string);
    for (const key of negativeKeys) expect(seeds?.members, key).not.toContain(key);
  });

  it("the negatives do not join each other, except two accounts of one court ruling", () => {
    for (const key of negativeKeys) {
      const members = [...(storyOf(stories, key)?.members ?? [])].sort();
      if (key.includes("dodik-ruling")) expect(members).toEqual(negativeKeys.filter((k) => k.includes("dodik-ruling")));
      else expect(members).toEqual([key]);
    }
  });

  it("the deploy's streaming entry point gives the same stories", () => {
    const streamed = groupInputs(inputs.values());
    expect(streamed.map((s) => s.members)).toEqual(stories.map((s) => s.members));
  });
});
