/**
 * Site furniture is found by counting lines across the corpus: a line in two
 * different articles' pages is furniture. The count is over distinct texts
 * (the same file given from two folders is one page) and never across copies
 * of one article (a wire story in two outlets keeps its text).
 */
import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/ingest/clean/index.js";
import { sameKey } from "../../src/ingest/clean/lines.js";
import { corpusCommonLines } from "../../src/ingest/corpus.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";

const siteA = {
  head: "THE HARBOUR GAZETTE\nNews | Sport | Weather | Letters",
  foot: "Sign up for the Harbour Gazette morning briefing and get the headlines in your inbox every day.\nThe Harbour Gazette is published by Quayside Media in Port Ellen.",
};
const siteB = {
  head: "VALLEY COURIER ONLINE\nLocal | Region | Opinion",
  foot: "The Valley Courier welcomes letters from readers about anything they read on these pages today.",
};
const wire = [
  "Ferry crossings between the two islands will resume on Monday after engineers finished repairs to the damaged pier at the northern terminal.",
  "The operator said the first sailing would leave at seven in the morning and that tickets bought for cancelled crossings would be honoured all week.",
  "Island councillors welcomed the news but asked the operator to publish a timetable for the winter months before the end of the month.",
].join("\n\n");
const other = [
  "The town's library will open on Sundays from next spring, the council said, after a petition signed by more than two thousand residents.",
  "Staff will be recruited over the winter and the extra hours will be paid for from the culture budget, which rises by four percent.",
  "Readers asked for the change in a survey last year, and the children's section will host story mornings on the first Sunday of each month.",
].join("\n\n");
const page = (site: { head: string; foot: string }, title: string, text: string) =>
  `${site.head}\n\n${title}\n\n${text}\n\n${site.foot}\n`;

const a1 = page(siteA, "Ferry crossings to resume on Monday", wire);
const a2 = page(siteA, "Library to open on Sundays", other);
const b1 = page(siteB, "Island ferries sail again from Monday", wire);

describe("lines the corpus shares", () => {
  it("a site's header and footer, in two of its articles, are furniture", () => {
    const common = corpusCommonLines([a1, a2]);
    expect(common.has(sameKey("THE HARBOUR GAZETTE"))).toBe(true);
    expect(common.has(sameKey(siteA.foot.split("\n")[0] as string))).toBe(true);
  });

  it("the same text given twice counts once: nothing of it is furniture", () => {
    expect([...corpusCommonLines([a1, a1])]).toEqual([]);
  });

  it("a wire story syndicated by two sites keeps its text; only each site's furniture is common", () => {
    const common = corpusCommonLines([a1, a2, b1]);
    for (const paragraph of wire.split("\n\n")) expect(common.has(sameKey(paragraph))).toBe(false);
    expect(common.has(sameKey("THE HARBOUR GAZETTE"))).toBe(true);
    const body = blocksToLines(cleanPage(b1, { commonLines: common }).blocks).join("\n");
    for (const paragraph of wire.split("\n\n")) expect(body).toContain(paragraph);
    const bodyA = blocksToLines(cleanPage(a1, { commonLines: common }).blocks).join("\n");
    expect(bodyA).not.toContain("Harbour Gazette morning briefing");
    for (const paragraph of wire.split("\n\n")) expect(bodyA).toContain(paragraph);
  });
});
