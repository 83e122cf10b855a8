/**
 * Errors as RFC 9457 problem details. Handlers throw `problem(...)` (an
 * HTTPException carrying the extra members); the app's one onError turns any
 * error into `application/problem+json` without a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const TITLES: Record<number, string> = {
  400: "Bad request",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  500: "Internal error",
  503: "Service unavailable",
};

export interface ProblemExtras {
  [member: string]: unknown;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

/** An HTTPException whose detail a person can act on, with optional extension members. */
export function problem(status: ContentfulStatusCode, detail: string, extras: ProblemExtras = {}): HTTPException {
  return new HTTPException(status, { message: detail, cause: extras });
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extras: ProblemExtras = {},
): Response {
  const { retryAfter, ...members } = extras;
  const body = {
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...members,
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json; charset=utf-8",
    "cache-control": "no-store",
    "access-control-allow-origin": "*",
  };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return new Response(JSON.stringify(body, null, 2), { status, headers });
}

/** The app's onError: every failure becomes problem+json; unexpected ones are logged, never shown. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) {
    const extras = (err.cause && typeof err.cause === "object" ? err.cause : {}) as ProblemExtras;
    const detail = err.message || TITLES[err.status] || "Error";
    return problemResponse(c, err.status, detail, extras);
  }
  console.error("unhandled error", c.req.method, c.req.url, err);
  return problemResponse(
    c,
    500,
    "Something went wrong on our side while answering this request. Please try again; if it keeps failing, tell the operator the time and this URL.",
  );
}

export function notFound(c: Context): Response {
  return problemResponse(
    c,
    404,
    `There is nothing at ${new URL(c.req.url).pathname}. The feeds are /feed.xml (RSS), /feed.atom (Atom) and /feed.json (JSON Feed); topics are listed at /topics.`,
  );
}

export function methodNotAllowed(c: Context): Response {
  const res = problemResponse(c, 405, `Wirefeed only reads: ${c.req.method} is not allowed here. Use GET or HEAD.`);
  res.headers.set("allow", "GET, HEAD, OPTIONS");
  return res;
}
