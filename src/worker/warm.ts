/**
 * The warm path. Feed readers poll the same few URLs over and over; once this
 * isolate has answered a GET for a URL and an Accept header with a rendered
 * representation of the live version, the next such request is answered here,
 * first thing: the body is the bytes encoded then, the headers are the whole
 * list the response went out with (CORS and security headers included,
 * recorded once), and conditional requests get their 304 (with the headers a
 * 304 went out with, recorded the first time one did). Routing and
 * the other middleware run only on a miss. Entries are dropped as soon as the
 * live version (re-checked at most once a second, see store.ts) moves on;
 * they live in the isolate's one cache (cache.ts).
 * Only `Accept` shapes a response here, so the URL and it are the key.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.js";
import { cache } from "./cache.js";
import { notModified, type Representation } from "./http.js";
import { liveVersion } from "./store.js";

/** A remembered answer: the representation, and the headers its 200 and its 304 went out with, as each was seen. */
interface Warm {
  version: string;
  rep: Representation;
  ok?: [string, string][];
  notModified?: [string, string][];
}

export const warmPath: MiddlewareHandler<AppEnv> = async (c, next) => {
  // a HEAD is answered as a GET; Hono drops the body afterwards
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  const key = `${c.req.url}\n${c.req.header("accept") ?? ""}`;
  const hit = cache.get<Warm>("warm", key);
  if (hit) {
    if ((await liveVersion(c.env)) === hit.version) {
      const unchanged = notModified(c.req.raw, hit.rep);
      const headers = unchanged ? hit.notModified : hit.ok;
      // the first 304 (or 200) of a remembered URL goes the whole way once, to record its headers
      if (headers) {
        return unchanged
          ? new Response(null, { status: 304, headers })
          : new Response(hit.rep.bytes, { status: 200, headers });
      }
    } else {
      cache.delete("warm", key);
    }
  }
  await next();
  const served = c.get("served");
  const status = c.res.status;
  if (served && (status === 200 || status === 304)) {
    const known = cache.get<Warm>("warm", key);
    const entry: Warm = known?.rep === served.rep ? known : { ...served };
    entry[status === 200 ? "ok" : "notModified"] = [...c.res.headers];
    // counted with its body, though the render cache holds the same bytes: the bound errs on the safe side
    cache.set("warm", key, entry, entry.rep.bytes.byteLength + 2048);
  }
};
