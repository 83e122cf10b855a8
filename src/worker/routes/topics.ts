/**
 * The taxonomy: GET /topics (JSON: counts and feed URLs), GET /topics.opml
 * (OPML 2.0, one outline per topic feed and one for all articles, to import
 * into a reader) and GET /topics/:slug (the topic's page).
 */
import { Hono } from "hono";
import { escapeXml } from "../../shared/text.js";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL } from "../http.js";
import { problem } from "../problem.js";
import { topicPage } from "../render/html.js";
import { latest, selectItems } from "../select.js";
import { serveRendered } from "../serve.js";

export const topics = new Hono<AppEnv>();

const CORS = { "access-control-allow-origin": "*" };

topics.get("/topics", (c) =>
  serveRendered(c, "topics-json", async ({ view }) => {
    const origin = new URL(c.req.url).origin;
    const { root } = view;
    const body = {
      articleCount: root.articleCount,
      storyCount: root.stories.all.count,
      stories: {
        rss: `${origin}/stories/feed.xml`,
        atom: `${origin}/stories/feed.atom`,
        json: `${origin}/stories/feed.json`,
      },
      topics: root.topics.map((t) => ({
        slug: t.slug,
        name: t.name,
        description: t.description,
        count: t.count,
        url: `${origin}/topics/${t.slug}`,
        feeds: {
          rss: `${origin}/topics/${t.slug}/feed.xml`,
          atom: `${origin}/topics/${t.slug}/feed.atom`,
          json: `${origin}/topics/${t.slug}/feed.json`,
        },
        stories: {
          count: view.storyScopes.get(t.slug)?.count ?? 0,
          rss: `${origin}/topics/${t.slug}/stories/feed.xml`,
          atom: `${origin}/topics/${t.slug}/stories/feed.atom`,
          json: `${origin}/topics/${t.slug}/stories/feed.json`,
        },
      })),
    };
    return {
      body: JSON.stringify(body, null, 2),
      contentType: "application/json; charset=utf-8",
      lastModified: new Date(root.all.lastModified),
      headers: { "cache-control": PAGE_CACHE_CONTROL, ...CORS },
    };
  }),
);

topics.get("/topics.opml", (c) =>
  serveRendered(c, "opml", async ({ view }) => {
    const { root } = view;
    const origin = new URL(c.req.url).origin;
    const site = escapeXml(c.env.SITE_TITLE);
    const outline = (text: string, feed: string, page: string) =>
      `    <outline type="rss" text="${escapeXml(text)}" title="${escapeXml(text)}" xmlUrl="${escapeXml(feed)}" htmlUrl="${escapeXml(page)}"/>`;
    const lines = [
      outline(`${c.env.SITE_TITLE}: all articles`, `${origin}/feed.xml`, `${origin}/`),
      outline(`${c.env.SITE_TITLE}: stories (one item per story)`, `${origin}/stories/feed.xml`, `${origin}/`),
      // a topic with no articles is nothing to subscribe to (it stays in /topics, with count 0)
      ...root.topics
        .filter((t) => t.count > 0)
        .map((t) =>
          outline(
            `${c.env.SITE_TITLE}: ${t.name}`,
            `${origin}/topics/${t.slug}/feed.xml`,
            `${origin}/topics/${t.slug}`,
          ),
        ),
    ];
    const updated = new Date(root.all.lastModified).toUTCString();
    const body = `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${site} feeds</title>
    <dateCreated>${updated}</dateCreated>
    <dateModified>${updated}</dateModified>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
    <outline text="${site}" title="${site}">
${lines.map((l) => `  ${l}`).join("\n")}
    </outline>
  </body>
</opml>
`;
    return {
      body,
      contentType: "text/x-opml; charset=utf-8",
      lastModified: new Date(root.all.lastModified),
      headers: {
        "cache-control": PAGE_CACHE_CONTROL,
        "content-disposition": 'inline; filename="wirefeed.opml"',
        ...CORS,
      },
    };
  }),
);

const TOPIC_PAGE_ITEMS = 30;

topics.get("/topics/:slug", (c) =>
  serveRendered(c, "topic-page", async (corpus) => {
    const { view } = corpus;
    const slug = c.req.param("slug");
    const topic = view.topicsBySlug.get(slug);
    if (!topic) throw problem(404, `There is no topic "${slug}". Topics: ${[...view.topicsBySlug.keys()].join(", ")}.`);
    const { items } = await selectItems(corpus, latest(TOPIC_PAGE_ITEMS), slug);
    const page = await topicPage({ siteTitle: c.env.SITE_TITLE, lang: c.env.SITE_LANGUAGE, topic, view, items });
    return {
      body: page.toString(),
      contentType: "text/html; charset=utf-8",
      lastModified: new Date(topic.lastModified),
      headers: { "cache-control": PAGE_CACHE_CONTROL },
    };
  }),
);
