/**
 * Story grouping (src/ingest/stories): copies, excerpts and edited versions
 * of one article join its story; an article about the same people and places
 * but another event does not; a story's id is its earliest article's and
 * holds when later coverage joins. Texts written for this test.
 */
import { describe, expect, it } from "vitest";
import { type StoryInput, storyFeatures } from "../../src/ingest/stories/features.js";
import { groupStories } from "../../src/ingest/stories/group.js";

const WIRE = [
  "The new Orava dam opened on Thursday after six years of work, and its four turbines will supply 120,000 homes in the valley, the regional energy company said.",
  "Minister Petra Halasova cut the ribbon at the control building in Tvrdosin and said the project had cost 412 million euros, 9 percent more than planned.",
  '"This dam will keep the lights on in the valley for the next hundred years," Halasova told the crowd of engineers, workers and residents who had gathered by the spillway.',
  "The reservoir behind the dam covers 35 square kilometres and flooded two abandoned villages, whose residents were moved to new houses in Namestovo in 2019.",
  "Environmental groups said the company had kept its promise to build fish ladders, but asked for the river's flow below the dam to be measured every month.",
  "Engineers from Kovostroj, the firm that built the dam, will run the turbines for a trial year before handing them over to the energy company in 2027.",
];

const article = (key: string, title: string, paragraphs: string[], published: string | null): StoryInput => ({
  key,
  title,
  text: paragraphs.join("\n"),
  published,
});

const original = article("a-original", "Orava dam opens after six years of work", WIRE, "2026-11-19T00:00:00.000Z");
const copy = article("b-copy", "Orava dam opens after six years of work", WIRE, "2026-11-19T00:00:00.000Z");
const excerpt = article(
  "c-excerpt",
  "New dam opens in the Orava valley",
  [...WIRE.slice(0, 2), "Read the full story on the Valley Courier website."],
  "2026-11-20T00:00:00.000Z",
);
const edited = article(
  "d-edited",
  "Valley gets its power from the new Orava dam",
  [
    WIRE[1]?.replace("cut the ribbon", "opened the dam") ?? "",
    WIRE[0]?.replace("four turbines", "four big turbines") ?? "",
    WIRE[2] ?? "",
    WIRE[4]?.replace("Environmental groups", "Conservation groups") ?? "",
    WIRE[5] ?? "",
  ],
  "2026-11-19T00:00:00.000Z",
);
const otherEvent = article(
  "e-other-event",
  "Orava dam to close for turbine repairs next spring",
  [
    "The Orava dam will stop producing power for three months from March while Kovostroj replaces a cracked blade in one of its turbines, the regional energy company said on Monday.",
    "Minister Petra Halasova said homes in the valley would not notice the closure, because the grid in Tvrdosin and Namestovo would draw on the national network instead.",
    "The repair will cost about 6 million euros and is covered by the builder's guarantee, according to the company, which found the crack during a routine inspection in October.",
    '"Nobody is at risk and the reservoir stays full," a company spokesman said, adding that the fish ladders would stay open during the works.',
  ],
  "2027-01-11T00:00:00.000Z",
);

// another outlet's account of the dam's opening: its own sentences, the same names, figures and day
const rewrite = article(
  "f-rewrite",
  "Halasova opens Orava dam, turbines to power 120,000 homes",
  [
    "Turbines at the Orava dam began turning on Thursday as Minister Petra Halasova opened the plant near Tvrdosin, six years after construction started.",
    "The plant will supply 120,000 homes, according to the regional energy company, and its final bill of 412 million euros came in above the budget.",
    "Kovostroj, the builder, keeps the turbines for a trial year. Families from the two flooded villages were moved to Namestovo before the reservoir filled.",
    "Conservationists praised the fish ladders at the Orava dam but want monthly checks of the river below it.",
  ],
  "2026-11-19T00:00:00.000Z",
);

const group = (inputs: StoryInput[]) => groupStories(inputs.map(storyFeatures));
const storyOf = (stories: ReturnType<typeof group>, key: string) => stories.find((s) => s.members.includes(key));

describe("stories", () => {
  it("a syndicated copy, a lead excerpt and an edited version join the original's story", () => {
    const stories = group([original, copy, excerpt, edited, otherEvent]);
    expect(storyOf(stories, "a-original")?.members.sort()).toEqual(["a-original", "b-copy", "c-excerpt", "d-edited"]);
    for (const link of storyOf(stories, "a-original")?.links ?? []) expect(link.kind).toBe("copy");
  });

  it("an article about the same people and places but another event stays its own story", () => {
    const stories = group([original, copy, excerpt, edited, otherEvent]);
    expect(storyOf(stories, "e-other-event")?.members).toEqual(["e-other-event"]);
  });

  it("another outlet's account of the same event joins it, but not when the texts' days are weeks apart", () => {
    const stories = group([original, rewrite, otherEvent]);
    expect(storyOf(stories, "a-original")?.members.sort()).toEqual(["a-original", "f-rewrite"]);
    expect(storyOf(stories, "a-original")?.links[0]?.kind).toBe("rewrite");
    const weeksLater = { ...rewrite, published: "2027-01-05T00:00:00.000Z" };
    expect(storyOf(group([original, weeksLater, otherEvent]), "a-original")?.members).toEqual(["a-original"]);
    // undated, the text alone decides
    const undated = { ...rewrite, published: null };
    expect(storyOf(group([original, undated]), "a-original")?.members.sort()).toEqual(["a-original", "f-rewrite"]);
  });

  it("an account quoting the same words at length joins, even when its page gives a wrong day", () => {
    const quoting = {
      ...rewrite,
      key: "g-quoting",
      text: `${rewrite.text}\n"This dam will keep the lights on in the valley for the next hundred years," the minister said.`,
      published: "2025-06-01T00:00:00.000Z",
    };
    expect(storyOf(group([original, quoting, otherEvent]), "a-original")?.members.sort()).toEqual([
      "a-original",
      "g-quoting",
    ]);
  });

  it("a page that is only a press release another page carries below its own lead is not a copy of it", () => {
    // site furniture: a sponsor's boilerplate, unrelated to the article above it
    const release = [
      "Medilink is a global provider of hospital communication software and mobile workflow solutions for nurses and doctors.",
      "The vision of Medilink is to close information gaps at the bedside, so that care teams can make the best possible decisions anytime and anywhere.",
      "Medilink serves more than four thousand hospitals and care homes in thirty countries and employs about two thousand people.",
      "Medilink is listed on the Zurich stock exchange and has its head office in Basel. For more information, visit the company's website.",
    ];
    const carrier = article("h-carrier", "Orava dam opens", [...WIRE.slice(0, 3), ...release], null);
    const releaseOnly = article("i-release", "About Kovostroj", release, null);
    const stories = group([carrier, releaseOnly]);
    expect(storyOf(stories, "i-release")?.members).toEqual(["i-release"]);
  });

  it("the story's id is its earliest article's, and stays when later coverage joins", () => {
    const first = group([original, otherEvent]);
    expect(storyOf(first, "a-original")?.id).toBe("a-original");
    const later = group([excerpt, edited, otherEvent, original, copy]);
    expect(storyOf(later, "c-excerpt")?.id).toBe("a-original");
  });

  it("gives the evidence of each link: shared shingles, names and figures", () => {
    const [story] = group([original, excerpt]);
    const link = story?.links[0];
    expect(link?.containment).toBeGreaterThan(0.8);
    expect(link?.sharedNames.some((n) => n.includes("halasova"))).toBe(true);
    expect(link?.sharedNumbers).toContain("412 million");
  });

  it("articles with nothing in common are singletons, and an empty corpus has no stories", () => {
    expect(group([])).toEqual([]);
    const stories = group([original, otherEvent]);
    expect(stories).toHaveLength(2);
  });
});
