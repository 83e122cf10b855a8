/** GET /style.css: the static stylesheet, cached long and validated by ETag. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { STYLE_CSS } from "../assets/style.js";
import { type Representation, represent, respond } from "../http.js";

const ASSET_CACHE = "public, max-age=86400, stale-while-revalidate=604800";

function asset(body: string, contentType: string): Promise<Representation> {
  return represent({ body, contentType, lastModified: null, headers: { "cache-control": ASSET_CACHE } });
}

// built on first use: a Worker may not do async work (hashing) at global scope
let css: Promise<Representation> | undefined;

export const assets = new Hono<AppEnv>();

assets.get("/style.css", async (c) => {
  css ??= asset(STYLE_CSS, "text/css; charset=utf-8");
  return respond(c, await css);
});
