/** GET /: the latest articles, the topics and the feed links, with autodiscovery. */
import { Hono } from "hono";
import { ALL_SCOPE } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { homePage } from "../render/html.js";
import { withCorpus } from "../store.js";

const LATEST = 20;

export const home = new Hono<AppEnv>();

home.get("/", async (c) => {
  const page = await withCorpus(c.env.FEEDS, async (reader) => {
    const head = reader.manifest.scopes[ALL_SCOPE]?.head;
    const items = head ? (await reader.page(head.key)).items.slice(0, LATEST) : [];
    return homePage({
      siteTitle: c.env.SITE_TITLE,
      description: c.env.SITE_DESCRIPTION,
      lang: c.env.SITE_LANGUAGE,
      manifest: reader.manifest,
      items,
    });
  });
  return c.html(page, 200, { "cache-control": "public, max-age=300" });
});
