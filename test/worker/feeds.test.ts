/**
 * The three feed formats as readers get them: media types, self links, absolute
 * URLs, stable ids, topics as categories, full HTML content with a plain-text
 * summary, RFC 822 / RFC 3339 dates, newest first, JSON Feed 1.1 members.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureArticles, fixtureEntries, get, newestFirst, ORIGIN, SERVED_PATHS, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

const byNewest = () => newestFirst(fixtureArticles());

/** Texts of every <tag>…</tag> in an XML document (CDATA unwrapped). */
function allText(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  return [...xml.matchAll(re)].map((m) => (m[1] ?? "").replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, "$1"));
}

describe("RSS 2.0 at /feed.xml", () => {
  it("is served as application/rss+xml in UTF-8", async () => {
    const res = await get("/feed.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
  });

  it("lists the articles newest first, each linking to its article page by absolute URL", async () => {
    const xml = await (await get("/feed.xml")).text();
    const expected = byNewest().map((a) => `${ORIGIN}/articles/${a.slug}`);
    expect(allText(xml, "link").slice(1)).toEqual(expected);
  });

  it("has a self link that is the exact request URL", async () => {
    const xml = await (await get("/feed.xml?topic=space&utm_source=reader")).text();
    expect(xml).toContain(
      `<atom:link href="${ORIGIN}/feed.xml?topic=space&amp;utm_source=reader" rel="self" type="application/rss+xml"/>`,
    );
  });

  it("gives each item its stable urn:uuid guid, RFC 822 dates, topics as categories and the author as dc:creator", async () => {
    const xml = await (await get("/feed.xml")).text();
    const first = byNewest()[0];
    expect(first).toBeDefined();
    expect(allText(xml, "guid")[0]).toBe(first?.id);
    for (const d of allText(xml, "pubDate"))
      expect(d).toMatch(
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );
    expect(allText(xml, "pubDate")[0]).toBe(new Date(first?.published ?? 0).toUTCString());
    expect(xml).toContain(`<category domain="${ORIGIN}/topics/space">Space</category>`);
    expect(xml).toContain("<dc:creator>Hannah Keller</dc:creator>");
  });

  it("carries the full body as HTML in content:encoded and the lead as escaped plain text in description", async () => {
    const xml = await (await get("/feed.xml?topic=climate&topic=economy&match=all")).text();
    const content = allText(xml, "content:encoded")[0] ?? "";
    expect(content).toContain('<table><thead><tr><th scope="col">Institution</th>');
    expect(content).toContain("<td>Climate stress tests</td>");
    // [0] is the channel's description
    const description = allText(xml, "description")[1] ?? "";
    expect(description).toMatch(/^Central banks are starting to treat climate risk/);
    expect(description).not.toContain("<");
  });
});

describe("Atom 1.0 at /feed.atom", () => {
  it("is served as application/atom+xml with a self link, an id, an updated date and an author", async () => {
    const res = await get("/feed.atom?q=mars");
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toContain(`<link rel="self" href="${ORIGIN}/feed.atom?q=mars"/>`);
    expect(xml).toContain(`<id>${ORIGIN}/feed.atom?q=mars</id>`);
    expect(xml).toMatch(/<author>\s*<name>Wirefeed<\/name>/);
  });

  it("writes RFC 3339 dates: published from the article, updated from its last change", async () => {
    const xml = await (await get("/feed.atom?topic=space")).text();
    const mars = fixtureArticles().find((a) => a.key === "f1-mars-sample-return");
    expect(xml).toContain(`<published>${mars?.published}</published>`);
    for (const d of allText(xml, "updated")) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("keeps text that looks like markup as text: plain-text title and summary, escaped body", async () => {
    const xml = await (await get("/feed.atom?q=markup")).text();
    expect(xml).toContain(
      '<title type="text">Markup &amp; symbols: AT&amp;T says &lt;b&gt;bold&lt;/b&gt; claims ]]&gt; end</title>',
    );
    expect(xml).toContain(
      '<summary type="text">This article exists to check that text which looks like markup is shown as text: AT&amp;T wrote &lt;script&gt;',
    );
    expect(xml).toContain(
      "<p>This article exists to check that text which looks like markup is shown as text: AT&amp;T wrote &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
    );
    expect(xml).not.toContain("<script");
  });

  it("survives any number of CDATA ends in a title (the package splits only the first)", async () => {
    const rss = await (await get("/feed.xml?q=markup")).text();
    expect(rss).toContain(
      "<title>Markup &amp; symbols: AT&amp;T says &lt;b&gt;bold&lt;/b&gt; claims ]]&gt; end</title>",
    );
  });

  it("uses topic slugs as category terms, names as labels", async () => {
    const xml = await (await get("/feed.atom?topic=europe")).text();
    expect(xml).toContain(`<category label="Europe" scheme="${ORIGIN}/topics/" term="europe"/>`);
  });
});

describe("JSON Feed 1.1 at /feed.json", () => {
  it("is version 1.1 with authors, language and feed_url, served as application/feed+json", async () => {
    const res = await get("/feed.json");
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = (await res.json()) as Record<string, unknown>;
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${ORIGIN}/feed.json`);
    expect(feed.language).toBe("en");
    expect(feed.authors).toEqual([{ name: "Wirefeed", url: ORIGIN }]);
    expect(feed).not.toHaveProperty("author");
  });

  it("gives each item its id, URL, HTML content, plain summary, RFC 3339 dates, author and topics", async () => {
    const feed = (await (await get("/feed.json")).json()) as { items: Record<string, unknown>[] };
    const articles = byNewest();
    expect(feed.items.map((i) => i.id)).toEqual(articles.map((a) => a.id));
    const mars = feed.items.find(
      (i) => i.url === `${ORIGIN}/articles/esa-and-nasa-agree-joint-plan-for-mars-sample-return`,
    );
    expect(mars).toMatchObject({
      title: "ESA and NASA agree joint plan for Mars sample return",
      date_published: "2025-06-02T00:00:00.000Z",
      authors: [{ name: "Hannah Keller" }],
      tags: ["Space"],
      _wirefeed: { slug: "esa-and-nasa-agree-joint-plan-for-mars-sample-return", topics: ["space"] },
    });
    expect(String(mars?.content_html)).toMatch(/^<p>The European Space Agency and NASA agreed/);
    expect(String(mars?.summary)).not.toMatch(/[<>]/);
  });

  it("returns at most 20 items unless `limit` says otherwise", async () => {
    const feed = (await (await get("/feed.json?limit=2")).json()) as { items: unknown[] };
    expect(feed.items).toHaveLength(2);
  });
});

describe("characters XML forbids", () => {
  it("are removed from everything a feed echoes back, such as `q` in the title", async () => {
    for (const ext of ["xml", "atom"]) {
      const xml = await (await get(`/feed.${ext}?q=mars%01%08%EF%BF%BE`)).text();
      // biome-ignore lint/suspicious/noControlCharactersInRegex: checking they are absent
      expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(xml).toContain("matching “mars”");
    }
  });
});

describe("per-topic feeds at /topics/:slug/feed.*", () => {
  it("hold only that topic's articles, with the topic in the title", async () => {
    const feed = (await (await get("/topics/climate/feed.json")).json()) as {
      title: string;
      items: { _wirefeed: { topics: string[] } }[];
    };
    expect(feed.title).toBe("Wirefeed: Climate");
    expect(feed.items.length).toBe(fixtureArticles().filter((a) => a.topics.includes("climate")).length);
    for (const i of feed.items) expect(i._wirefeed.topics).toContain("climate");
  });

  it("answer an empty but valid feed for a topic with no articles", async () => {
    const res = await get("/topics/oceans/feed.atom");
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("<entry>");
  });
});

describe("HEAD", () => {
  it("works wherever GET does, with the same headers and no body", async () => {
    for (const path of SERVED_PATHS) {
      const head = await get(path, { method: "HEAD" });
      const full = await get(path);
      expect(head.status, path).toBe(200);
      expect(head.headers.get("content-type"), path).toBe(full.headers.get("content-type"));
      expect(await head.text(), path).toBe("");
    }
  });
});
