/** GET /: the latest articles, the topics and the feed links, with autodiscovery. */
import { Hono } from "hono";
import { ALL_SCOPE } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL } from "../http.js";
import { homePage } from "../render/html.js";
import { serveRendered } from "../serve.js";

const LATEST = 20;

export const home = new Hono<AppEnv>();

home.get("/", (c) =>
  serveRendered(c, "home", async (reader) => {
    const head = reader.manifest.scopes[ALL_SCOPE]?.head;
    const items = head ? (await reader.page(head.key)).items.slice(0, LATEST) : [];
    const page = await homePage({
      siteTitle: c.env.SITE_TITLE,
      description: c.env.SITE_DESCRIPTION,
      lang: c.env.SITE_LANGUAGE,
      manifest: reader.manifest,
      items,
    });
    return {
      body: page.toString(),
      contentType: "text/html; charset=utf-8",
      lastModified: reader.manifest.updated ? new Date(reader.manifest.updated) : null,
      headers: { "cache-control": PAGE_CACHE_CONTROL },
    };
  }),
);
