/**
 * The cleaner on the five seed articles: every kind of noise they hold is gone,
 * every sentence of each article is kept, headings appear once, the three
 * tables have their columns back, and the metadata the pages give is read.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CleanedPage, cleanPage } from "../../src/ingest/clean/index.js";
import { fixStyledLetters } from "../../src/ingest/normalize.js";
import type { Block } from "../../src/schema/article.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { REAL_CONTENT } from "../support/corpus.js";

const raw = (name: string) => readFileSync(join(REAL_CONTENT, "articles", name), "utf8");
const clean = (name: string): CleanedPage => cleanPage(raw(name));
const bodyText = (p: CleanedPage) => blocksToLines(p.blocks).join("\n");
const headings = (p: CleanedPage) =>
  p.blocks.filter((b): b is Extract<Block, { type: "heading" }> => b.type === "heading").map((b) => b.text);

/** A sentence-level comparison that ignores the spaces the cleaner puts back and styled letters it fixes. */
const squash = (s: string) => fixStyledLetters(s).replace(/\s+/g, "");

/**
 * Every line of 12 words or more of the raw file, from the line matching `from`
 * up to (not including) the one matching `to`, must be found in the title or body.
 */
function expectEverySentenceKept(
  name: string,
  page: CleanedPage,
  from: RegExp,
  to: RegExp | null,
  except: RegExp[] = [],
) {
  const text = squash(`${page.title}\n${bodyText(page)}`);
  const all = raw(name).split("\n");
  const start = all.findIndex((l) => from.test(l));
  const end = to ? all.findIndex((l, i) => i > start && to.test(l)) : all.length;
  expect(start, "start marker").toBeGreaterThanOrEqual(0);
  expect(end, "end marker").toBeGreaterThan(start);
  const lines = all
    .slice(start, end)
    .map((l) => l.trim().replace(/^•\s*/, ""))
    .filter((l) => l.split(/\s+/).length >= 12 && !except.some((re) => re.test(l)));
  expect(lines.length).toBeGreaterThan(3);
  for (const l of lines) expect(text, l.slice(0, 60)).toContain(squash(l));
}

function expectGone(page: CleanedPage, phrases: (string | RegExp)[]) {
  const all = [page.title ?? "", bodyText(page)].join("\n");
  for (const p of phrases) {
    if (typeof p === "string") expect(all, p).not.toContain(p);
    else expect(all, String(p)).not.toMatch(p);
  }
}

describe("000: a headline, a thumbnail and styled letters", () => {
  const page = clean("000_3e8358b1c05e6cd2.txt");
  it("reads the headline and drops the thumbnail placeholder", () => {
    expect(page.title).toBe("We Will Never Accept a Security Vacuum – Rutte Sends Clear Message on Kosovo & Bosnia!");
    expectGone(page, ["Thumbnail"]);
  });
  it("turns styled letters back into plain ones", () => {
    expect(bodyText(page)).toContain("events in 2023 that exposed vulnerabilities");
    expect(bodyText(page)).not.toMatch(/[\u{1D400}-\u{1D7FF}]/u);
  });
  it("keeps every paragraph", () => expectEverySentenceKept("000_3e8358b1c05e6cd2.txt", page, /^In a stark/, null));
});

describe("001: a news site's page with everything around the article", () => {
  const page = clean("001_efed61c97e916b69.txt");
  it("reads headline, byline, date by the headline (not the site's date), section, site, source and tags", () => {
    expect(page).toMatchObject({
      title:
        "NATO Strengthens Commitment to Western Balkans Stability Following Secretary General Rutte’s Visits to Sarajevo and Pristina",
      author: "Jackson Lee",
      published: "2025-03-17T00:00:00.000Z",
      section: "Bosnia-and-Herzegovina",
      site: "EUROP.INFO",
      origin: "NATO HQ",
    });
    expect(page.tags).toEqual([
      "Balkan affairs",
      "Balkan integration",
      "Bosnia-and-Herzegovina",
      "Defense Policy",
      "diplomacy",
      "Eastern Europe",
      "geopolitical stability",
      "international relations",
      "NATO",
      "NATO commitment",
      "NATO HQ",
      "NATO visits",
      "peacekeeping",
      "Pristina",
      "Regional Security",
      "Sarajevo",
      "Secretary General Rutte",
      "Security Alliances",
      "stability",
      "Western Balkans",
      "Western Balkans cooperation",
    ]);
  });
  it("drops the site chrome, the table of contents and everything after the article", () => {
    expectGone(page, [
      "ADVERTISEMENT",
      "No Result",
      "View All Result",
      "EUROP INFO",
      "Table of Contents",
      "Toggle",
      "Tags:",
      "Previous Post",
      "Next Post",
      "Belarus Seeks to Expand",
      "A data journalist who uses numbers",
      "Related Posts",
      "M1 Money Supply",
      "Our authors",
      "Atticus Reed",
      "MTWTFSS",
      "« Feb",
      "© 2024",
      "This website uses cookies",
      "Go to mobile version",
      /1 - 2 - 3/,
      /^Home /m,
      /^in Bosnia/m,
      "January 31, 2026",
    ]);
  });
  it("keeps each heading once, in its better-capitalised form", () => {
    expect(headings(page)).toEqual([
      "NATOs Strategic Focus on the Western Balkans: An Overview of Recent Developments",
      "Key Takeaways from Secretary General Ruttes Visits to Sarajevo and Pristina",
      "The Importance of Regional Stability: NATOs Role in the Western Balkans",
      "Insights into NATOs Long-term Commitment and Future Initiatives",
      "Recommendations for Strengthening Cooperation Between NATO and Balkan Nations",
      "Addressing Challenges Ahead: NATOs Path forward in the Western balkans",
      "Wrapping Up",
    ]);
  });
  it("splits the three tables' glued cells back into columns", () => {
    const tables = page.blocks.filter((b): b is Extract<Block, { type: "table" }> => b.type === "table");
    expect(tables.map((t) => t.header)).toEqual([
      ["Initiative", "Objective", "Status"],
      ["focus Area", "Outcome"],
      ["Initiative", "Objective"],
    ]);
    expect(tables[0]?.rows).toEqual([
      ["Partnership for Peace Program", "Support military modernization", "Active"],
      ["Operational Capability Concept", "Facilitate joint exercises", "In Progress"],
      ["Regional Training Center", "Enhance interoperability", "Planned"],
    ]);
    expect(tables[1]?.rows[2]).toEqual([
      "international Collaboration",
      "Encouraging partnerships with EU institutions.",
    ]);
    expect(tables[2]?.rows[1]).toEqual([
      "Security Sector Reform",
      "Implement thorough reforms to enhance the rule of law.",
    ]);
  });
  it("puts back the spaces lost between sentences and after commas", () => {
    expect(bodyText(page)).toContain("NATO’s continued support. The visits");
    expect(bodyText(page)).toContain("Pristina, NATO has highlighted");
    expect(bodyText(page)).toContain("more crucial than ever, particularly");
  });
  it("keeps every sentence and the bullet lists", () => {
    expectEverySentenceKept("001_efed61c97e916b69.txt", page, /^In a decisive affirmation/, /^Tags:/);
    expect(page.blocks.filter((b) => b.type === "list")).toHaveLength(5);
  });
});

describe("002: a consent banner, a chatbot's rewrite and related posts", () => {
  const page = clean("002_31f5797922dc6c20.txt");
  it("reads the headline under the banner", () => {
    expect(page.title).toBe(
      "NATO chief assures Western Balkans of alliance support and urges flexibility in Kosovo, Serbia talks",
    );
  });
  it("drops the banner, the share button, the chatbot's preamble and closing, and the related posts", () => {
    expectGone(page, [
      "Customize Consent Preferences",
      "cookies",
      "Always Active",
      "Share This Post",
      "Here is a summary and humanization",
      "This summary provides a comprehensive overview",
      "Related Posts",
      "Immigration Act of 1952",
      "Octomom",
      "Jamie Carragher",
    ]);
  });
  it("keeps the six headings and every paragraph", () => {
    expect(headings(page)).toHaveLength(6);
    expectEverySentenceKept(
      "002_31f5797922dc6c20.txt",
      page,
      /^NATO’s Commitment to the Western Balkans/,
      /^This summary provides/,
    );
  });
});

describe("003: no headline, a heading every paragraph", () => {
  const page = clean("003_029353f80516c880.txt");
  it("derives the title from the lead", () => {
    expect(page.title).toBe(
      "NATO Secretary General Mark Rutte visited Kosovo today for the first time since assuming his role",
    );
    expect(page.titleDerived).toBe(true);
  });
  it("keeps the seven headings and every paragraph, the last one included", () => {
    expect(headings(page)).toHaveLength(7);
    expectEverySentenceKept("003_029353f80516c880.txt", page, /^NATO Secretary General/, null);
    expect(bodyText(page)).toMatch(/evolving global security priorities\.$/);
  });
});

describe("004: a list of takeaways, a 'See also' teaser and an empty 'Sources'", () => {
  const page = clean("004_79fbec55987012a2.txt");
  it("derives the title from the lead's opening clause", () => {
    expect(page.title).toBe("NATO Secretary General Mark Rutte recently visited the Western Balkans");
  });
  it("drops the teaser and the empty Sources heading", () => {
    expectGone(page, ["See also", "Balkans on Edge", /Sources$/]);
    expect(headings(page)).toEqual([
      "Key Takeaways",
      "NATO’s Commitment to Regional Stability",
      "The Importance of Dialogue",
      "KFOR’s Role in Ensuring Security",
      "Conclusion",
    ]);
  });
  it("keeps the takeaways as a list and every paragraph", () => {
    expect(page.blocks.find((b) => b.type === "list")).toMatchObject({
      items: expect.arrayContaining(["NATO’s KFOR mission remains crucial for maintaining security in Kosovo."]),
    });
    expectEverySentenceKept("004_79fbec55987012a2.txt", page, /^NATO Secretary General/, /^Sources/, [/^See also/]);
  });
});
