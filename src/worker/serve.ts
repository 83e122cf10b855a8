/**
 * Serving a rendered representation of the live corpus: looked up in the
 * isolate's cache by (live version, variant, URL), else built from one
 * consistent version of the corpus, hashed for its ETag, and cached when that
 * version is still the live one. Conditional requests are answered by respond();
 * what was served for the live version is handed on to the warm path (warm.ts).
 */
import type { Context } from "hono";
import type { AppEnv } from "./app-env.js";
import { cache } from "./cache.js";
import { type Rendered, type Representation, represent, respond } from "./http.js";
import { type Corpus, getManifest, withCorpus } from "./store.js";

/** Answers with a representation of the live version, telling the warm path (warm.ts) it may keep it. */
function served(c: Context<AppEnv>, version: string, rep: Representation): Response {
  c.set("served", { rep, version });
  return respond(c, rep);
}

const cacheKey = (version: string, variant: string, url: string): string => `${version}\n${variant}\n${url}`;

export async function serveRendered(
  c: Context<AppEnv>,
  variant: string,
  build: (corpus: Corpus) => Promise<Rendered>,
): Promise<Response> {
  const live = await getManifest(c.env);
  const key = cacheKey(live.version, variant, c.req.url);
  let rep = cache.get<Representation>("render", key);
  if (!rep) {
    const built = await withCorpus(c.env, async (corpus) => ({
      rendered: await build(corpus),
      version: corpus.view.version,
    }));
    rep = await represent(built.rendered);
    // a representation of an older version (the live one was incomplete here) is served, not kept
    if (built.version !== live.version) return respond(c, rep);
    cache.set("render", key, rep, rep.bytes.byteLength);
  }
  return served(c, live.version, rep);
}
