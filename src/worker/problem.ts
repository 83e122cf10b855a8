/**
 * Errors as RFC 9457 problem details. Handlers throw `problem(...)` (an
 * HTTPException carrying the extra members); the app's one onError
 * (errors.ts) turns any error into `application/problem+json` without a
 * stack trace, or into a page for a person's browser.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const TITLES: Partial<Record<number, string>> = {
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

/** The problem type's title of a status: "Not found". */
export const problemTitle = (status: number): string => TITLES[status] ?? "Error";

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extras: ProblemExtras = {},
): Response {
  const { retryAfter, ...members } = extras;
  const body = {
    type: "about:blank",
    title: problemTitle(status),
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...members,
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json; charset=utf-8",
    "cache-control": "no-store",
    "access-control-allow-origin": "*",
    // a browser gets the same error as a page (errors.ts)
    vary: "Accept",
  };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  return new Response(JSON.stringify(body, null, 2), { status, headers });
}
