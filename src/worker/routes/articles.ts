/** GET /articles/:slug (HTML, where every feed item links) and /articles/:slug.json (the Article record). */
import { type Context, Hono } from "hono";
import { type Article, SLUG_PATTERN } from "../../schema/article.js";
import { articleKey } from "../../schema/keys.js";
import type { SlugBucket } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL, type Rendered } from "../http.js";
import { problem } from "../problem.js";
import { articlePage } from "../render/html.js";
import { serveRendered } from "../serve.js";
import type { Corpus } from "../store.js";

/** The article with this slug: its slug bucket (one round trip), then its record (another). */
async function findArticle(corpus: Corpus, slug: string): Promise<Article> {
  const bucketKey = SLUG_PATTERN.test(slug) ? corpus.view.slugBucketKey(slug) : null;
  const bucket = bucketKey ? ((await corpus.read([bucketKey])).get(bucketKey) as SlugBucket) : undefined;
  const hash = bucket && Object.hasOwn(bucket, slug) ? bucket[slug] : undefined;
  if (!hash)
    throw problem(404, `There is no article "${slug}". The latest articles are listed at / and in /feed.json.`);
  return corpus.article(articleKey(hash));
}

function serveArticle(c: Context<AppEnv>, slug: string, asJson: boolean): Promise<Response> {
  return serveRendered(c, asJson ? "article-json" : "article", async (corpus): Promise<Rendered> => {
    const article = await findArticle(corpus, slug);
    // the record lists its story's versions: it changes when coverage joins
    const recordChanged = Math.max(Date.parse(article.updated), Date.parse(article.story?.updated ?? article.updated));
    // the page shows topic names too: it changes when they do
    const changed = Math.max(recordChanged, Date.parse(corpus.view.root.taxonomy.lastModified));
    if (asJson) {
      return {
        lastModified: new Date(recordChanged),
        body: JSON.stringify(article, null, 2),
        contentType: "application/json; charset=utf-8",
        headers: { "cache-control": PAGE_CACHE_CONTROL, "access-control-allow-origin": "*" },
      };
    }
    const page = await articlePage({ siteTitle: c.env.SITE_TITLE, article, view: corpus.view });
    return {
      lastModified: new Date(changed),
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
