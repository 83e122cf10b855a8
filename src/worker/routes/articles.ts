/** GET /articles/:slug (HTML, where every feed item links) and /articles/:slug.json (the Article record). */
import { type Context, Hono } from "hono";
import type { Article } from "../../schema/article.js";
import { SLUG_PATTERN } from "../../schema/article.js";
import { shardIndex } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { articlePage } from "../render/html.js";
import { type Reader, withCorpus } from "../store.js";

async function findArticle(reader: Reader, slug: string): Promise<Article> {
  const { manifest } = reader;
  const key = manifest.shards[shardIndex(slug, manifest.shards.length)];
  const article =
    SLUG_PATTERN.test(slug) && key ? (await reader.shard(key)).articles.find((a) => a.slug === slug) : undefined;
  if (!article)
    throw problem(404, `There is no article "${slug}". The latest articles are listed at / and in /feed.json.`);
  return article;
}

const headers = { "cache-control": "public, max-age=300" };

async function serveArticle(c: Context<AppEnv>, slug: string, asJson: boolean): Promise<Response> {
  return withCorpus(c.env.FEEDS, async (reader) => {
    const article = await findArticle(reader, slug);
    if (asJson) return c.json(article, 200, { ...headers, "access-control-allow-origin": "*" });
    return c.html(articlePage({ siteTitle: c.env.SITE_TITLE, article, manifest: reader.manifest }), 200, headers);
  });
}

export const articles = new Hono<AppEnv>();

articles.get("/articles/:file{[^/]+\\.json}", (c) =>
  serveArticle(c, c.req.param("file").slice(0, -".json".length), true),
);
articles.get("/articles/:slug", (c) => serveArticle(c, c.req.param("slug"), false));
