/**
 * One small dump per kind of noise a page copy carries, written for these
 * tests: the noise goes, the article stays. Plus the damage the cleaner
 * repairs, the metadata it reads, bad input, and topics given from the
 * cleaned text only.
 */
import { describe, expect, it } from "vitest";
import { cleanPage } from "../../src/ingest/clean/index.js";
import { parseDate } from "../../src/ingest/clean/metadata.js";
import { isChrome } from "../../src/ingest/clean/vocabulary.js";
import { fixGluedSentences, fixStyledLetters } from "../../src/ingest/normalize.js";
import { assignedTopics, createTopicMatcher } from "../../src/ingest/topics.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";

const ARTICLE = [
  "The city council approved a new budget for public transport on Tuesday, after a long debate about the cost of the tram extension.",
  "Supporters said the extension would cut travel times for thousands of commuters and reduce traffic in the centre of the city.",
  "Opponents argued that the money would be better spent on buses, which reach more neighbourhoods and cost far less to run.",
  "The first trams are expected to run on the new line in the spring of next year, according to the transport department.",
];
const article = ARTICLE.join("\n\n");
const body = (raw: string) => blocksToLines(cleanPage(raw).blocks).join("\n");

function expectArticleOnly(raw: string, noise: string[]) {
  const text = body(raw);
  for (const p of ARTICLE) expect(text).toContain(p);
  for (const n of noise) expect(text, n).not.toContain(n);
}

describe("site chrome is dropped", () => {
  it("consent banners", () => {
    expectArticleOnly(
      `We use cookies to personalise content and ads and to analyse our traffic. By clicking Accept you consent to our use of cookies.\nAccept all\nReject all\nManage preferences\n\n${article}`,
      ["cookies", "Accept all", "Manage preferences"],
    );
  });
  it("navigation, search leftovers, skip links and ads", () => {
    expectArticleOnly(
      `Skip to main content\nHome\nNews\nSearch\nNo Result\nView All Result\nADVERTISEMENT\n\n${article}\n\nADVERTISEMENT\nBack to top`,
      ["Skip to", "No Result", "View All Result", "ADVERTISEMENT", "Back to top"],
    );
  });
  it("share buttons and thumbnails", () => {
    expectArticleOnly(`Thumbnail\n\n${article}\n\nShare this:\nFacebook\nTwitter\nWhatsApp\nEmail`, [
      "Thumbnail",
      "Facebook",
      "Twitter",
      "WhatsApp",
    ]);
  });
  it("pagination strips and archive calendars", () => {
    expectArticleOnly(
      `${article}\n\nArchives\nMarch 2025\nMTWTFSS\n 12\n3456789\n10111213141516\n« Feb   Apr »\n\n1 - 2 - 3 - 4 - 5`,
      ["MTWTFSS", "3456789", "« Feb", "1 - 2"],
    );
  });
  it("category and author lists, copyright and cookie footers, mobile links", () => {
    expectArticleOnly(
      `${article}\n\nCategories\nPolitics\nTransport\nOur authors\n  • Anna Berg\n  • Tom Ruiz\n© 2024 CITYNEWS - All rights reserved.\nThis website uses cookies. By continuing to use this website you are giving consent to cookies being used.\nGo to mobile version`,
      ["Anna Berg", "© 2024", "giving consent", "Go to mobile version"],
    );
  });
  it("site promotions and legal sentences, one of each kind the cleaner knows", () => {
    const furniture = [
      "Copyright 2024 City News Ltd.",
      "This document is subject to copyright.",
      "By using this site you agree to our terms of service.",
      "Sign up for our weekly newsletter and never miss a story.",
      "Your ad blocker is on: please disable it to keep reading.",
      "Use of this site constitutes acceptance of our user agreement.",
      "This material may not be reproduced without permission.",
      "Stay up to date with the latest city news every morning.",
      "Share your thoughts with us in the form below.",
      "If you enjoyed this article, pass it on to a friend.",
      "Join our community of readers today.",
      "Get access to every story for one low price.",
      "Members get early access to our investigations.",
      "Become a member and support our journalism.",
      "Support independent journalism with a small monthly gift.",
      "Follow us on social media for updates.",
      "Download our app to read offline.",
    ];
    for (const line of furniture) expect(isChrome(line), line).toBe(true);
    expectArticleOnly(`${article}\n\n${furniture.join("\n")}`, furniture);
  });
  it("lines the corpus shares with other pages (a site's own furniture), whatever they say", () => {
    const commonLines = new Set(["citynews daily the city in your pocket"]);
    const text = blocksToLines(
      cleanPage(`CITYNEWS DAILY — the city in your pocket\n\n${article}`, { commonLines }).blocks,
    ).join("\n");
    expect(text).not.toContain("CITYNEWS");
  });
});

describe("things around the article are dropped", () => {
  it("a table of contents that repeats the headings", () => {
    const raw = `Table of Contents\nToggle\n  • Why the tram\n  • What it costs\n\nWhy the tram\n\n${ARTICLE[0]}\n\n${ARTICLE[1]}\n\nWhat it costs\n\n${ARTICLE[2]}\n\n${ARTICLE[3]}`;
    const page = cleanPage(raw);
    expect(page.blocks.filter((b) => b.type === "heading").map((b) => (b.type === "heading" ? b.text : ""))).toEqual([
      "Why the tram",
      "What it costs",
    ]);
    expect(page.blocks.some((b) => b.type === "list")).toBe(false);
    expectArticleOnly(raw, ["Table of Contents", "Toggle"]);
  });
  it("related posts, see also, previous and next posts, author boxes", () => {
    expectArticleOnly(
      `${ARTICLE[0]}\n\n${ARTICLE[1]}\n\nSee also  Mayor opens new bike lanes downtown\n\n${ARTICLE[2]}\n\n${ARTICLE[3]}\n\nPrevious Post\n\nBus drivers vote to strike next week\n\nNext Post\n\nAirport expansion delayed again\n\nRelated Posts\n\nCouncil tax to rise by five per cent in April, the finance committee says in its report.\n\nNew parking rules come into force across the city centre next month, officials confirm.`,
      ["See also", "bike lanes", "Previous Post", "Bus drivers", "Airport expansion", "Council tax", "parking rules"],
    );
  });
  it("a tag line and an empty Sources heading", () => {
    const page = cleanPage(`${article}\n\nSources\n\nTags: transportbudgetCity Council`);
    expect(page.blocks.at(-1)).toEqual({ type: "paragraph", text: ARTICLE[3] });
  });
  it("a chatbot's preamble and closing remark", () => {
    expectArticleOnly(
      `Here is a rewritten version of the article in 500 words, organized into paragraphs as requested:\n\n${article}\n\nThis rewrite provides a concise overview of the council's decision and its consequences.\n\nI hope this helps!`,
      ["Here is a rewritten version", "This rewrite provides", "I hope this helps"],
    );
  });
  it("comments after the article", () => {
    expectArticleOnly(
      `${article}\n\n12 responses to “Council approves tram budget”\n\ncommuter77 says:\n\nMarch 4, 2025 at 9:12 am\n\nFinally some good news for people who have to cross the city every single day for work.`,
      ["responses", "commuter77", "Finally some good news"],
    );
  });
  it("captions and photo credits", () => {
    expectArticleOnly(
      `${ARTICLE[0]}\n\nA tram waits at the depot in the north of the city on Monday. (AP Photo/Jane Doe)\n\n${ARTICLE.slice(1).join("\n\n")}`,
      ["AP Photo", "waits at the depot"],
    );
  });
});

describe("damage to the text is repaired", () => {
  it("styled Unicode letters become plain letters; ², ½ and ™ survive", () => {
    expect(fixStyledLetters("𝓮𝔁𝓹𝓸𝓼𝓮𝓭 𝐁𝐨𝐥𝐝 𝕕𝕠𝕦𝕓𝕝𝕖 ℎ ｆｕｌｌ m² ½ ™ ①")).toBe("exposed Bold double h full m² ½ ™ ①");
  });
  it("a missing space after a sentence or a comma, but not in U.S., 1,000 or Node.js", () => {
    expect(fixGluedSentences("support.The visits to Pristina,NATO said,again")).toBe(
      "support. The visits to Pristina, NATO said, again",
    );
    expect(fixGluedSentences("The U.S. paid 1,000 dollars for Node.js and EUROP.INFO")).toBe(
      "The U.S. paid 1,000 dollars for Node.js and EUROP.INFO",
    );
  });
  it("a heading repeated twice in a row, in different capitalisation, is kept once", () => {
    const page = cleanPage(
      `${ARTICLE[0]}\n\nWhat comes next for the tram\n\nWhat Comes Next for the Tram\n\n${ARTICLE.slice(1).join("\n\n")}`,
    );
    expect(page.blocks.filter((b) => b.type === "heading")).toEqual([
      { type: "heading", level: 2, text: "What Comes Next for the Tram" },
    ]);
  });
  it("table rows whose cells were glued together get their columns back", () => {
    const page = cleanPage(
      `${ARTICLE[0]}\n\nLineLengthOpening\nNorth Line4.2 kmSpring 2026\nRiver Line6.8 kmAutumn 2027\n\n${ARTICLE.slice(1).join("\n\n")}`,
    );
    expect(page.blocks.find((b) => b.type === "table")).toEqual({
      type: "table",
      header: ["Line", "Length", "Opening"],
      rows: [
        ["North Line", "4.2 km", "Spring 2026"],
        ["River Line", "6.8 km", "Autumn 2027"],
      ],
    });
  });
});

describe("metadata in the noise", () => {
  it("headline, byline (written twice), date by the headline rather than the site's date, section", () => {
    const page = cleanPage(
      `CITYNEWS\nMonday, June 2, 2025\nHome › Transport\n\nCouncil Approves Tram Budget After Long Debate\n\nAnna Berg by Anna Berg\nMarch 4, 2025\nin Transport\n\n${article}`,
    );
    expect(page).toMatchObject({
      title: "Council Approves Tram Budget After Long Debate",
      author: "Anna Berg",
      published: "2025-03-04T00:00:00.000Z",
      section: "Transport",
      titleDerived: false,
    });
  });
  it("no headline: a title derived from the lead", () => {
    const page = cleanPage(article);
    expect(page.title).toBe("The city council approved a new budget for public transport on Tuesday");
    expect(page.titleDerived).toBe(true);
  });
  it("dates in the forms pages print them, and no invented ones", () => {
    expect(parseDate("Published: 2024-05-01")).toBe("2024-05-01T00:00:00.000Z");
    expect(parseDate("Nov. 19, 2019 8:03 am ET")).toBe("2019-11-19T00:00:00.000Z");
    expect(parseDate("17 March 2025")).toBe("2025-03-17T00:00:00.000Z");
    expect(parseDate("2025-02-30")).toBeNull();
    expect(parseDate("sometime last week")).toBeNull();
    expect(cleanPage(article).published).toBeNull();
  });
});

describe("bad input", () => {
  it("a dump that is all furniture gives no article", () => {
    expect(cleanPage("Home\nMenu\nSearch\nAccept all\nShare\nFacebook\n© 2024 Example").blocks).toEqual([]);
  });
  it("a dump with no line breaks is split at sentence ends, with a warning", () => {
    const page = cleanPage(ARTICLE.join(" ").repeat(6));
    expect(page.warnings).toEqual(["has no line breaks; it was split into paragraphs at sentence ends"]);
    expect(page.blocks.length).toBeGreaterThan(3);
  });
  it("a 20 MB dump is cleaned in one pass (linear time, no catastrophic backtracking)", () => {
    const parts: string[] = ["Home\nNews\n1 - 2 - 3 - 4\n".repeat(50), `${"word ".repeat(400)}\n`.repeat(5)];
    for (let i = 0, size = 0; size < 20e6; i++) {
      const p = `Paragraph ${i} of the long report: ${ARTICLE[i % 4]}`;
      parts.push(p);
      size += p.length + 2;
    }
    const huge = parts.join("\n\n");
    expect(huge.length).toBeGreaterThan(20e6);
    const page = cleanPage(huge);
    expect(page.blocks.length).toBeGreaterThan(0);
  }, 120_000);
  it("pathological lines do not hang the vocabulary checks", () => {
    const evil = [
      "1 - ".repeat(20000),
      "a".repeat(100000),
      "cookie ".repeat(20000),
      `${"(".repeat(5000)}photo${")".repeat(5000)}`,
    ];
    for (const line of evil) expect(cleanPage(`${line}\n\n${article}`).blocks.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("topics come from the cleaned article only", () => {
  const match = createTopicMatcher([
    {
      slug: "transport",
      name: "Transport",
      description: "Getting around.",
      aliases: ["tram", "buses", "transport department"],
    },
    { slug: "weather", name: "Weather", description: "Rain and shine.", aliases: ["storm", "heatwave", "flood"] },
  ]);
  it("a word in related posts or a banner never tags the article", () => {
    const raw = `Subscribe to our newsletter for storm, heatwave and flood alerts\n\nCouncil Approves Tram Budget\n\n${article}\n\nRelated Posts\n\nStorm hits the coast as flood defences hold and the heatwave ends after a week of record heat.`;
    const page = cleanPage(raw);
    const text = blocksToLines(page.blocks).join("\n");
    const topics = assignedTopics(match({ title: page.title ?? "", lead: ARTICLE[0] as string, body: text }));
    expect(topics).toEqual(["transport"]);
  });
});
