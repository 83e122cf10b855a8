/**
 * What a person and a script get besides the feeds: the home page with
 * autodiscovery links, the article page every feed item points to, the
 * article as JSON, and the topic list with counts and feed URLs.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Article } from "../../src/schema/article.js";
import { fixtureArticles, fixtureEntries, get, ORIGIN, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

describe("GET /", () => {
  it("lists the latest articles and the topics, with autodiscovery links for the three formats", async () => {
    const res = await get("/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Wirefeed: all articles (RSS)" href="/feed.xml">',
    );
    expect(page).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Wirefeed: all articles (Atom)" href="/feed.atom">',
    );
    expect(page).toContain(
      '<link rel="alternate" type="application/feed+json" title="Wirefeed: all articles (JSON Feed)" href="/feed.json">',
    );
    for (const a of fixtureArticles()) expect(page).toContain(`href="/articles/${a.slug}"`);
    expect(page).toContain('<a href="/topics/climate">Climate</a> <span class="meta">· 3 articles</span>');
    expect(page).toContain('href="/topics.opml"');
  });
});

describe("GET /articles/:slug", () => {
  it("is the article as an HTML page, its text escaped", async () => {
    const res = await get("/articles/markup-and-symbols-at-and-t-says-b-bold-b-claims-end");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<h1>Markup &amp; symbols: AT&amp;T says &lt;b&gt;bold&lt;/b&gt; claims ]]&gt; end</h1>");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(page).toContain("½");
    expect(page).toContain('<time datetime="2025-06-01T00:00:00.000Z">1 June 2025</time>');
  });

  it("shows the byline, the source link from the sidecar and the topics", async () => {
    const page = await (await get("/articles/carbon-border-levy-takes-effect-for-importers")).text();
    expect(page).toContain("By Ines Moreau");
    expect(page).toContain('href="https://example.org/news/carbon-border-levy"');
    expect(page).toContain('rel="tag">Climate</a>');
  });
});

describe("an article whose page gives no date", () => {
  it("is shown as added on that date, on its page and on the home page; dated articles are not", async () => {
    const undated = fixtureArticles().find((a) => a.dateSource === "ledger");
    const dated = fixtureArticles().find((a) => a.dateSource === "text");
    if (!undated || !dated) throw new Error("the fixture needs an undated and a dated article");
    const page = await (await get(`/articles/${undated.slug}`)).text();
    expect(page).toContain(`<span class="added">added <time datetime="${undated.published}">`);
    const datedPage = await (await get(`/articles/${dated.slug}`)).text();
    expect(datedPage).not.toContain('class="added"');
    expect(datedPage).toContain(`<time datetime="${dated.published}">`);
    const homePage = await (await get("/")).text();
    const entry = homePage.slice(homePage.indexOf(`href="/articles/${undated.slug}"`));
    expect(entry.slice(0, entry.indexOf("</li>"))).toContain("added <time");
    const json = Article.parse(await (await get(`/articles/${undated.slug}.json`)).json());
    expect(json.dateSource).toBe("ledger");
  });
});

describe("GET /articles/:slug.json", () => {
  it("is the Article record the deploy wrote, valid against the shared schema", async () => {
    const res = await get("/articles/esa-and-nasa-agree-joint-plan-for-mars-sample-return.json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const article = (await res.json()) as unknown;
    const { story, ...record } = Article.parse(article);
    const built = fixtureArticles().find((a) => a.key === "f1-mars-sample-return");
    expect(record).toEqual(built);
    // the deploy adds the story: here a story of its own, listing itself
    expect(story).toEqual({
      id: built?.id,
      updated: built?.updated,
      count: 1,
      articles: [
        {
          slug: built?.slug,
          title: built?.title,
          site: built?.source.site,
          sourceUrl: built?.source.url,
          published: built?.published,
          dateSource: built?.dateSource,
        },
      ],
    });
  });
});

describe("GET /topics", () => {
  it("lists every topic with its article count and feed URLs", async () => {
    const res = await get("/topics");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as {
      articleCount: number;
      topics: { slug: string; count: number; feeds: Record<string, string> }[];
    };
    expect(body.articleCount).toBe(fixtureArticles().length);
    const counts = Object.fromEntries(body.topics.map((t) => [t.slug, t.count]));
    for (const slug of ["space", "climate", "economy", "europe", "oceans"]) {
      expect(counts[slug], slug).toBe(fixtureArticles().filter((a) => a.topics.includes(slug)).length);
    }
    expect(body.topics[0]?.feeds).toEqual({
      rss: `${ORIGIN}/topics/space/feed.xml`,
      atom: `${ORIGIN}/topics/space/feed.atom`,
      json: `${ORIGIN}/topics/space/feed.json`,
    });
  });
});
