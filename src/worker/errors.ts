/**
 * The app's error answers (its one onError, its 404 and its 405), in the
 * representation the client prefers: a person's browser (text/html first,
 * negotiate.ts) gets a page in the site's style (render/error-page.ts);
 * everyone else (curl's * / *, scripts, feed readers) gets RFC 9457
 * problem+json (problem.ts). Both carry the status, the same message,
 * Retry-After and Allow, vary by Accept and are not stored. A missing topic's
 * or article's page also lists the closest matches (closest.ts), read within
 * the request's budget of three KV round trips.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./app-env.js";
import { ARTICLE_POOL, closestArticles, closestTopics } from "./closest.js";
import { prefersHtml } from "./negotiate.js";
import { type ProblemExtras, problemResponse, problemTitle } from "./problem.js";
import { type ErrorPageOptions, errorPage } from "./render/error-page.js";
import { dateInWords } from "./render/html.js";
import { latest, selectItems } from "./select.js";
import { withCorpus } from "./store.js";

const TOPIC_PATH = /^\/topics\/([^/]+?)(?:\/feed(?:\.(?:xml|atom|json))?)?$/;
const ARTICLE_PATH = /^\/articles\/([^/]+?)(?:\.json)?$/;

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The closest matches of a missing topic or article, when the path names one.
 * The corpus's root is in memory already (the 404 was found in it); for an
 * article, the newest page of items costs the two round trips an unfiltered
 * feed page does, after the one for the slug bucket. A failure here leaves
 * the page without matches rather than failing it.
 */
async function matchesFor(c: Context<AppEnv>, path: string): Promise<ErrorPageOptions["matches"]> {
  const topic = TOPIC_PATH.exec(path)?.[1];
  const article = topic === undefined ? ARTICLE_PATH.exec(path)?.[1] : undefined;
  if (topic === undefined && article === undefined) return undefined;
  try {
    return await withCorpus(c.env, async (corpus) => {
      if (topic !== undefined) {
        const links = closestTopics(decoded(topic), corpus.view.root.topics).map((t) => ({
          href: `/topics/${t.slug}`,
          label: t.name,
          note: `${t.count} article${t.count === 1 ? "" : "s"} · ${t.description}`,
        }));
        return { heading: "Did you mean one of these topics?", links };
      }
      const { items } = await selectItems(corpus, latest(ARTICLE_POOL), null);
      const links = closestArticles(decoded(article as string), items).map((i) => ({
        href: `/articles/${i.slug}`,
        label: i.title,
        note: dateInWords(i.published),
      }));
      return { heading: "Did you mean one of these recent articles?", links };
    });
  } catch (e) {
    console.error("no closest matches for the 404 page", path, e);
    return undefined;
  }
}

/** The values a problem says are allowed (a parameter's) or available (a feed's formats), for the page. */
function choicesOf(extras: Record<string, unknown>): ErrorPageOptions["choices"] {
  const strings = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === "string") ? v : undefined);
  const allowed = strings(extras.allowed);
  if (allowed) {
    const parameter = typeof extras.parameter === "string" ? `\`${extras.parameter}\`` : "the parameter";
    return { label: `Allowed values of ${parameter}`, values: allowed };
  }
  const available = strings(extras.available);
  return available ? { label: "Available as", values: available } : undefined;
}

async function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  detail: string,
  extras: ProblemExtras = {},
): Promise<Response> {
  if (!prefersHtml(c.req.header("accept"))) return problemResponse(c, status, detail, extras);
  const { retryAfter, ...members } = extras;
  const path = new URL(c.req.url).pathname;
  const page = await errorPage({
    siteTitle: c.env?.SITE_TITLE ?? "Wirefeed",
    lang: c.env?.SITE_LANGUAGE ?? "en",
    status,
    title: problemTitle(status),
    detail,
    path,
    choices: choicesOf(members),
    matches: status === 404 ? await matchesFor(c, path) : undefined,
  });
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    vary: "Accept",
  };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return new Response(page.toString(), { status, headers });
}

/** The app's onError: every failure becomes a problem (or its page); unexpected ones are logged, never shown. */
export function onError(err: Error, c: Context<AppEnv>): Promise<Response> {
  if (err instanceof HTTPException) {
    const extras = (err.cause && typeof err.cause === "object" ? err.cause : {}) as ProblemExtras;
    return errorResponse(c, err.status, err.message || problemTitle(err.status), extras);
  }
  console.error("unhandled error", c.req.method, c.req.url, err);
  return errorResponse(
    c,
    500,
    "Something went wrong on our side while answering this request. Please try again; if it keeps failing, tell the operator the time and this URL.",
  );
}

export function notFound(c: Context<AppEnv>): Promise<Response> {
  return errorResponse(
    c,
    404,
    `There is nothing at ${new URL(c.req.url).pathname}. The feeds are /feed.xml (RSS), /feed.atom (Atom) and /feed.json (JSON Feed); topics are listed at /topics.`,
  );
}

export async function methodNotAllowed(c: Context<AppEnv>): Promise<Response> {
  const res = await errorResponse(c, 405, `Wirefeed only reads: ${c.req.method} is not allowed here. Use GET or HEAD.`);
  res.headers.set("allow", "GET, HEAD, OPTIONS");
  return res;
}
