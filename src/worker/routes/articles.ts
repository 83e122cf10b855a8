/** GET /articles/:slug (HTML, where every feed item links) and /articles/:slug.json (the Article record). */
import { type Context, Hono } from "hono";
import { type Article, SLUG_PATTERN } from "../../schema/article.js";
import { shardIndex } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL, type Rendered } from "../http.js";
import { problem } from "../problem.js";
import { articlePage } from "../render/html.js";
import { serveRendered } from "../serve.js";
import type { Reader } from "../store.js";

async function findArticle(reader: Reader, slug: string): Promise<Article> {
  const { manifest } = reader;
  const key = manifest.shards[shardIndex(slug, manifest.shards.length)];
  const article =
    SLUG_PATTERN.test(slug) && key ? (await reader.shard(key)).articles.find((a) => a.slug === slug) : undefined;
  if (!article)
    throw problem(404, `There is no article "${slug}". The latest articles are listed at / and in /feed.json.`);
  return article;
}

function serveArticle(c: Context<AppEnv>, slug: string, asJson: boolean): Promise<Response> {
  return serveRendered(c, asJson ? "article-json" : "article", async (reader): Promise<Rendered> => {
    const article = await findArticle(reader, slug);
    const common = { lastModified: new Date(article.updated) };
    if (asJson) {
      return {
        ...common,
        body: JSON.stringify(article, null, 2),
        contentType: "application/json; charset=utf-8",
        headers: { "cache-control": PAGE_CACHE_CONTROL, "access-control-allow-origin": "*" },
      };
    }
    const page = await articlePage({ siteTitle: c.env.SITE_TITLE, article, manifest: reader.manifest });
    return {
      ...common,
      body: page.toString(),
      contentType: "text/html; charset=utf-8",
      headers: { "cache-control": PAGE_CACHE_CONTROL },
    };
  });
}

export const articles = new Hono<AppEnv>();

articles.get("/articles/:file{[^/]+\\.json}", (c) =>
  serveArticle(c, c.req.param("file").slice(0, -".json".length), true),
);
articles.get("/articles/:slug", (c) => serveArticle(c, c.req.param("slug"), false));
