/** GET /openapi.json: the API description (openapi.ts), for scripts and API tools; CORS open. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";
import { PAGE_CACHE_CONTROL, represent, respond } from "../http.js";
import { openApiDocument } from "../openapi.js";

export const openapi = new Hono<AppEnv>();

openapi.get("/openapi.json", async (c) => {
  const doc = openApiDocument(new URL(c.req.url).origin, c.env.SITE_TITLE, c.env.SITE_DESCRIPTION);
  const rep = await represent({
    body: JSON.stringify(doc, null, 2),
    contentType: "application/vnd.oai.openapi+json; charset=utf-8",
    lastModified: null,
    headers: { "cache-control": PAGE_CACHE_CONTROL, "access-control-allow-origin": "*" },
  });
  return respond(c, rep);
});
