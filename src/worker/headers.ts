/**
 * Security headers on every response: nosniff and a referrer policy always;
 * on pages a browser renders a strict Content-Security-Policy: no scripts,
 * styles from /style.css only, no framing, no forms; the same on feeds, which
 * a browser shows raw if it is ever handed one.
 */
import type { MiddlewareHandler } from "hono";

const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const HTML = /^text\/html\b/;
const XML = /^(?:application\/xml|text\/xml|application\/(?:rss|atom)\+xml)\b/;

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "strict-origin-when-cross-origin");
  const type = h.get("content-type") ?? "";
  if (HTML.test(type) || XML.test(type)) {
    h.set("content-security-policy", CSP);
    h.set("x-frame-options", "DENY");
  }
};
