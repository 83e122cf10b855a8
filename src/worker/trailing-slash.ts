/**
 * A path ending in "/" (other than "/" itself) answers 308 to the same path
 * without the slash, query string kept: /topics/kosovo/ → /topics/kosovo.
 * The Location is absolute, on this request's own origin, and leading slashes
 * are collapsed to one, so //evil.example/ becomes /evil.example on this
 * host, never a protocol-relative redirect to another one. What the path
 * without the slash is (a page or a 404) is for the next request to find.
 */
import type { MiddlewareHandler } from "hono";
import { PAGE_CACHE_CONTROL } from "./http.js";

export const trimTrailingSlash: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  // other methods go on to their 405; a preflight must not be redirected
  if ((c.req.method !== "GET" && c.req.method !== "HEAD") || url.pathname === "/" || !url.pathname.endsWith("/")) {
    return next();
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/^\/+/, "/") || "/";
  const location = new URL(`${path}${url.search}`, url.origin);
  if (location.origin !== url.origin) return next();
  return new Response(null, { status: 308, headers: { location: location.href, "cache-control": PAGE_CACHE_CONTROL } });
};
