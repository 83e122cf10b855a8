/**
 * Security headers on every response: nosniff and a referrer policy always;
 * on pages a browser renders a strict Content-Security-Policy: no scripts,
 * styles from /style.css only, no framing, no forms. Feeds shown in a browser
 * may also load their XSL from this origin (browsers check that as a script).
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

const FEED_CSP = `${CSP}; script-src 'self'`;

const HTML = /^text\/html\b/;
const XML = /^(?:application\/xml|text\/xml|text\/xsl|application\/(?:rss|atom)\+xml)\b/;

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "strict-origin-when-cross-origin");
  const type = h.get("content-type") ?? "";
  if (HTML.test(type) || XML.test(type)) {
    h.set("content-security-policy", XML.test(type) ? FEED_CSP : CSP);
    h.set("x-frame-options", "DENY");
  }
};
