/**
 * Every filter of the feed URLs, checked against what the fixture corpus holds:
 * topic (repeated and comma-separated), match any/all, exclude, q, since,
 * until, limit, and unknown parameters ignored.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureArticles, fixtureEntries, get, newestFirst, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

interface Item {
  _wirefeed: { slug: string; topics: string[] };
  date_published: string;
}

async function slugs(query: string, path = "/feed.json"): Promise<string[]> {
  const res = await get(`${path}${query}`);
  expect(res.status, `${path}${query}`).toBe(200);
  const feed = (await res.json()) as { items: Item[] };
  return feed.items.map((i) => i._wirefeed.slug);
}

/** The fixture articles a predicate selects, newest first, as slugs. */
function expected(pred: (topics: string[], published: string, key: string) => boolean): string[] {
  return newestFirst(fixtureArticles())
    .filter((a) => pred(a.topics, a.published, a.key))
    .map((a) => a.slug);
}

describe("topic", () => {
  it("keeps articles of one topic", async () => {
    expect(await slugs("?topic=space")).toEqual(expected((t) => t.includes("space")));
  });

  it("takes several topics repeated or comma-separated, alike, matching any by default", async () => {
    const any = expected((t) => t.includes("space") || t.includes("economy"));
    expect(any.length).toBeGreaterThan(2);
    expect(await slugs("?topic=space&topic=economy")).toEqual(any);
    expect(await slugs("?topic=space,economy")).toEqual(any);
    expect(await slugs("?topic=space,economy&match=any")).toEqual(any);
  });

  it("with match=all keeps only articles that have every topic", async () => {
    const all = expected((t) => t.includes("climate") && t.includes("economy"));
    expect(all).toHaveLength(1);
    expect(await slugs("?topic=climate&topic=economy&match=all")).toEqual(all);
  });

  it("ignores case, spaces and empty parts", async () => {
    expect(await slugs("?topic=%20Space%20,,")).toEqual(expected((t) => t.includes("space")));
  });
});

describe("exclude", () => {
  it("leaves out articles of the excluded topics", async () => {
    expect(await slugs("?exclude=climate,space")).toEqual(
      expected((t) => !t.includes("climate") && !t.includes("space")),
    );
  });

  it("combines with topic", async () => {
    expect(await slugs("?topic=climate&exclude=europe")).toEqual(
      expected((t) => t.includes("climate") && !t.includes("europe")),
    );
  });
});

describe("q", () => {
  it("keeps articles whose title, summary or body holds every word, ignoring case", async () => {
    expect(await slugs("?q=MARS")).toEqual(["esa-and-nasa-agree-joint-plan-for-mars-sample-return"]);
    expect(await slugs("?q=rocket%20lunar")).toEqual(["lunar-gateway-module-ships-to-florida"]);
    expect(await slugs("?q=rocket%20mars")).toEqual(["esa-and-nasa-agree-joint-plan-for-mars-sample-return"]);
  });

  it("matches whole words, so a word inside another does not count", async () => {
    expect(await slugs("?q=ars")).toEqual([]);
  });

  it("finds words of the body beyond the summary, and words with an apostrophe", async () => {
    expect(await slugs("?q=microbial")).toEqual(["esa-and-nasa-agree-joint-plan-for-mars-sample-return"]);
    expect(await slugs("?q=europe's")).toEqual([]);
    expect((await slugs("?q=ecb")).length).toBeGreaterThan(0);
  });

  it("combines with the topic of a per-topic feed", async () => {
    expect(await slugs("?q=carbon", "/topics/europe/feed.json")).toEqual([
      "carbon-border-levy-takes-effect-for-importers",
    ]);
  });
});

describe("since and until", () => {
  it("take ISO 8601 dates: since from midnight, until to the end of that day", async () => {
    expect(await slugs("?since=2025-05-15")).toEqual(expected((_, p) => p >= "2025-05-15"));
    expect(await slugs("?until=2025-03-01")).toEqual(expected((_, p) => p < "2025-03-02"));
    expect(await slugs("?since=2025-03-01&until=2025-05-15")).toEqual(
      expected((_, p) => p >= "2025-03-01" && p < "2025-05-16"),
    );
  });

  it("take ISO 8601 date-times with an offset", async () => {
    expect(await slugs("?since=2025-06-01T23:30:00-01:00")).toEqual(
      expected((_, p) => p >= "2025-06-02T00:30:00.000Z"),
    );
    expect(await slugs("?since=2025-06-01T00:00:00Z")).toEqual(expected((_, p) => p >= "2025-06-01"));
  });
});

describe("limit", () => {
  it("caps the number of items, newest first", async () => {
    expect(await slugs("?limit=3")).toEqual(expected(() => true).slice(0, 3));
    expect(await slugs("?limit=100")).toEqual(expected(() => true));
  });
});

describe("parameters the Worker does not know", () => {
  it("are ignored, as readers and proxies add their own", async () => {
    expect(await slugs("?utm_source=newsletter&fbclid=x&topic=space&_=123")).toEqual(
      expected((t) => t.includes("space")),
    );
  });
});

describe("the same filters on every format", () => {
  it("select the same items in RSS, Atom and JSON Feed", async () => {
    const q = "?topic=climate&exclude=economy&limit=5";
    const json = await slugs(q);
    for (const ext of ["xml", "atom"]) {
      const xml = await (await get(`/feed.${ext}${q}`)).text();
      const links = [...xml.matchAll(/\/articles\/([a-z0-9-]+)/g)].map((m) => m[1]);
      expect(links, ext).toEqual(json);
    }
  });
});
