/**
 * Accounts dated the same day (test/fixtures/stories/same-day, written for
 * this test): two outlets' accounts of EU foreign ministers listing more
 * shadow-fleet tankers on 20 October 2025 form one story; hard negatives from
 * the same day, the same city and the same people report other events (a
 * grid-aid announcement on the meeting's sidelines, a court ruling in the
 * same city, the same meeting's sanctions on Iranian firms): none joins it,
 * nor each other. The grouper lets the words alone link two accounts of one
 * day (REWRITE_SAME_DAY_WORDS); these are what that rule must refuse. Also
 * checked beside the seeds and their negatives (test/fixtures/stories/negatives),
 * as the deploy would see them. Everything goes through the real cleaner.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanInput, corpusCommonLines, readRawFile } from "../../src/ingest/corpus.js";
import { storyFeatures } from "../../src/ingest/stories/features.js";
import { groupStories, type Story } from "../../src/ingest/stories/group.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { ROOT } from "../support/corpus.js";

const SAME_DAY = join(ROOT, "test/fixtures/stories/same-day");
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

const keys = txt(SAME_DAY).map((p) => basename(p, ".txt"));
const story = keys.filter((k) => k.includes("shadow-fleet"));
const negatives = keys.filter((k) => !k.includes("shadow-fleet"));
const storyOf = (stories: Story[], key: string) => stories.find((s) => s.members.includes(key));

describe.each([
  ["on their own", txt(SAME_DAY)],
  [
    "beside the seeds and their negatives",
    [...txt(SAME_DAY), ...txt(join(ROOT, "content/articles")), ...txt(join(ROOT, "test/fixtures/stories/negatives"))],
  ],
])("accounts of one day %s", (_, paths) => {
  const inputs = inputsOf(paths);
  const stories = groupStories(inputs.map(storyFeatures));

  it("are all dated the same day, two accounts of one event and at least three other events", () => {
    const days = new Set(inputs.filter((i) => keys.includes(i.key)).map((i) => i.published?.slice(0, 10)));
    expect([...days]).toEqual(["2025-10-20"]);
    expect(story).toHaveLength(2);
    expect(negatives.length).toBeGreaterThanOrEqual(3);
  });

  it("the two accounts of the tanker listings form one story", () => {
    expect([...(storyOf(stories, story[0] as string)?.members ?? [])].sort()).toEqual(story);
  });

  it("no other event of the same day joins any story", () => {
    for (const key of negatives) expect(storyOf(stories, key)?.members, key).toEqual([key]);
  });
});
