/**
 * Story feeds and story pages, on the fixture corpus with one story of three
 * versions (the Lunar Gateway article, a shorter syndicated copy and a lead
 * excerpt; test/support/story-fixture.ts): one item per story at its newest
 * version's place, showing the fullest version under the story's stable id
 * and listing the other versions; articles keep their own items and say
 * which story they belong to.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Article } from "../../src/schema/article.js";
import { get, newestFirst, ORIGIN, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, inject("fixtureKvStories")));

const articles = (): Article[] => JSON.parse(inject("fixtureStoryArticles")) as Article[];
const byKey = (key: string) => articles().find((a) => a.key === key) as Article;
const ORIGINAL = "f5-lunar-gateway";
const COPY = "f9-gateway-copy";
const EXCERPT = "f10-gateway-excerpt";
const VERSIONS = [ORIGINAL, COPY, EXCERPT];

interface JsonItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  date_published: string;
  date_modified: string;
  _wirefeed: { slug: string; story?: { id: string; articles: { slug: string; title: string; site: string | null }[] } };
}
const items = async (path: string) => ((await (await get(path)).json()) as { items: JsonItem[] }).items;

/** When the story last changed: the latest of its versions' dates and edits (no coverage joined later here). */
const storyUpdated = () =>
  VERSIONS.map(byKey)
    .flatMap((a) => [a.published, a.updated])
    .sort()
    .at(-1);

/** The story feed's expected order: every article alone, but the three versions once, at the newest's place. */
function expectedStorySlugs(): string[] {
  const newest = newestFirst(articles().filter((a) => VERSIONS.includes(a.key)))[0] as Article;
  return newestFirst(articles().filter((a) => !VERSIONS.includes(a.key) || a.key === newest.key)).map((a) =>
    a.key === newest.key ? byKey(ORIGINAL).slug : a.slug,
  );
}

describe("/stories/feed.json", () => {
  it("has one item per story, newest activity first: the three versions are one item, at the newest version's place", async () => {
    const list = await items("/stories/feed.json");
    expect(list.map((i) => i._wirefeed.slug)).toEqual(expectedStorySlugs());
    expect(list).toHaveLength(articles().length - 2);
  });

  it("shows the fullest version under the id of the story's first article, and lists the other versions with title, site and link", async () => {
    const item = (await items("/stories/feed.json")).find((i) => i.id === byKey(ORIGINAL).id);
    expect(item?.url).toBe(`${ORIGIN}/articles/${byKey(ORIGINAL).slug}`);
    expect(item?.title).toBe(byKey(ORIGINAL).title);
    const html = item?.content_html ?? "";
    const also = html.slice(html.indexOf("Also covered by"));
    expect(html).toContain("Also covered by");
    for (const key of [COPY, EXCERPT]) {
      expect(also).toContain(`<a href="${ORIGIN}/articles/${byKey(key).slug}">${byKey(key).title}</a>`);
      expect(also).toContain(byKey(key).source.site as string);
    }
    expect(also).toContain('<a href="https://courier.example/space/gateway">original</a>');
    expect(also).not.toContain(`/articles/${byKey(ORIGINAL).slug}"`);
  });

  it("dates the story by its first report and updates it with its newest version or edit", async () => {
    const item = (await items("/stories/feed.json")).find((i) => i.id === byKey(ORIGINAL).id);
    expect(item?.date_published).toBe(byKey(ORIGINAL).published);
    expect(item?.date_modified).toBe(storyUpdated());
  });

  it("carries the story in the _wirefeed extension: its id and every version", async () => {
    const item = (await items("/stories/feed.json")).find((i) => i.id === byKey(ORIGINAL).id);
    expect(item?._wirefeed.story?.id).toBe(byKey(ORIGINAL).id);
    expect(item?._wirefeed.story?.articles.map((v) => v.slug).sort()).toEqual(
      VERSIONS.map((k) => byKey(k).slug).sort(),
    );
  });

  it("takes the filters: a topic the story has keeps it, one it lacks leaves it out", async () => {
    const topic = byKey(ORIGINAL).topics[0] as string;
    const inTopic = await items(`/topics/${topic}/stories/feed.json`);
    expect(inTopic.map((i) => i.id)).toContain(byKey(ORIGINAL).id);
    expect(inTopic.every((i) => i._wirefeed.slug !== byKey(COPY).slug)).toBe(true);
    const excluded = await items(`/stories/feed.json?exclude=${topic}`);
    expect(excluded.map((i) => i.id)).not.toContain(byKey(ORIGINAL).id);
    const paged = await items("/stories/feed.json?limit=2");
    expect(paged.map((i) => i._wirefeed.slug)).toEqual(expectedStorySlugs().slice(0, 2));
  });

  it("answers 404 for a topic that does not exist", async () => {
    const res = await get("/topics/no-such-topic/stories/feed.json");
    expect(res.status).toBe(404);
  });
});

describe("story feeds in RSS and Atom, and by negotiation", () => {
  it("RSS: the story's item has the story id as guid and lists the other versions", async () => {
    const xml = await (await get("/stories/feed.xml")).text();
    expect(xml).toContain(`<guid isPermaLink="false">${byKey(ORIGINAL).id}</guid>`);
    expect(xml).toContain("Also covered by");
    expect(xml).toContain("<title>Wirefeed: stories</title>");
  });

  it("Atom: one entry per story, the story's updated is when it last changed", async () => {
    const xml = await (await get("/stories/feed.atom")).text();
    const entries = xml.split("<entry>").slice(1);
    expect(entries).toHaveLength(articles().length - 2);
    const story = entries.find((e) => e.includes(`<id>${byKey(ORIGINAL).id}</id>`)) ?? "";
    expect(story).toContain(`<updated>${storyUpdated()}</updated>`);
  });

  it("/stories/feed gives the format the Accept header asks for", async () => {
    const res = await get("/stories/feed", { headers: { accept: "application/atom+xml" } });
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("content-location")).toBe("/stories/feed.atom");
  });
});

describe("articles in a story", () => {
  it("keep their own items in the article feeds, each naming its story", async () => {
    const list = await items("/feed.json");
    expect(list).toHaveLength(articles().length);
    for (const key of VERSIONS) {
      const item = list.find((i) => i._wirefeed.slug === byKey(key).slug);
      expect(item?.id).toBe(byKey(key).id);
      expect(item?._wirefeed.story?.id).toBe(byKey(ORIGINAL).id);
      expect(item?._wirefeed.story?.articles).toHaveLength(3);
      expect(item?.content_html).not.toContain("Also covered by");
    }
  });

  it("show the other versions on their page, under “Also covered by”", async () => {
    const page = await (await get(`/articles/${byKey(COPY).slug}`)).text();
    const also = page.slice(page.indexOf("Also covered by"));
    expect(page).toContain("<h2>Also covered by</h2>");
    expect(also).toContain(`<a href="/articles/${byKey(ORIGINAL).slug}">${byKey(ORIGINAL).title}</a>`);
    expect(also).toContain(`<a href="/articles/${byKey(EXCERPT).slug}">${byKey(EXCERPT).title}</a>`);
    expect(also).not.toContain(`<a href="/articles/${byKey(COPY).slug}">`);
  });

  it("have `story: {id, articles}` in their JSON record", async () => {
    const record = (await (await get(`/articles/${byKey(EXCERPT).slug}.json`)).json()) as Article;
    expect(record.story?.id).toBe(byKey(ORIGINAL).id);
    expect(record.story?.articles.map((v) => v.slug)).toEqual(
      newestFirst(VERSIONS.map(byKey))
        .reverse()
        .map((a) => a.slug),
    );
  });

  it("an article alone is a story of one, with no “Also covered by”", async () => {
    const alone = articles().find((a) => !VERSIONS.includes(a.key)) as Article;
    const page = await (await get(`/articles/${alone.slug}`)).text();
    expect(page).not.toContain("Also covered by");
    const record = (await (await get(`/articles/${alone.slug}.json`)).json()) as Article;
    expect(record.story?.id).toBe(alone.id);
    expect(record.story?.articles.map((v) => v.slug)).toEqual([alone.slug]);
  });
});
