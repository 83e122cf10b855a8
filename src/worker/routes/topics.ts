/** GET /topics: the taxonomy as JSON, with article counts and each topic's feed URLs. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { withCorpus } from "../store.js";

export const topics = new Hono<AppEnv>();

topics.get("/topics", async (c) => {
  const origin = new URL(c.req.url).origin;
  const body = await withCorpus(c.env.FEEDS, async ({ manifest }) => ({
    articleCount: manifest.articleCount,
    topics: manifest.topics.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      count: t.count,
      feeds: {
        rss: `${origin}/topics/${t.slug}/feed.xml`,
        atom: `${origin}/topics/${t.slug}/feed.atom`,
        json: `${origin}/topics/${t.slug}/feed.json`,
      },
    })),
  }));
  return c.json(body, 200, { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
});
