/** GET /: the latest articles, the topics and the feed links, with autodiscovery. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL } from "../http.js";
import { homePage } from "../render/html.js";
import { latest, selectItems } from "../select.js";
import { serveRendered } from "../serve.js";

const LATEST = 20;

export const home = new Hono<AppEnv>();

home.get("/", (c) =>
  serveRendered(c, "home", async (corpus) => {
    const { items } = await selectItems(corpus, latest(LATEST), null);
    const page = await homePage({
      siteTitle: c.env.SITE_TITLE,
      description: c.env.SITE_DESCRIPTION,
      lang: c.env.SITE_LANGUAGE,
      view: corpus.view,
      items,
    });
    return {
      body: page.toString(),
      contentType: "text/html; charset=utf-8",
      lastModified: new Date(corpus.view.root.all.lastModified),
      headers: { "cache-control": PAGE_CACHE_CONTROL },
    };
  }),
);
