/**
 * The Wirefeed Worker: composes the routes, CORS, the security headers, the
 * trailing-slash redirect, the error handler and the 404. Everything it
 * serves was prepared at deploy time (src/publish) and is read from KV
 * through store.ts.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./app-env.js";
import { methodNotAllowed, notFound, onError } from "./errors.js";
import { securityHeaders } from "./headers.js";
import { articles } from "./routes/articles.js";
import { assets } from "./routes/assets.js";
import { feeds } from "./routes/feeds.js";
import { home } from "./routes/home.js";
import { openapi } from "./routes/openapi.js";
import { topics } from "./routes/topics.js";
import { trimTrailingSlash } from "./trailing-slash.js";
import { warmPath } from "./warm.js";

const app = new Hono<AppEnv>();

// first: a request answered before for the live version skips everything below
app.use("*", warmPath);

app.use(
  "*",
  cors({
    origin: "*",
    allowMethods: ["GET", "HEAD", "OPTIONS"],
    allowHeaders: ["Accept", "If-None-Match", "If-Modified-Since", "Cache-Control"],
    exposeHeaders: ["ETag", "Last-Modified", "Content-Location", "Link", "Retry-After"],
    maxAge: 86400,
  }),
);
app.use("*", securityHeaders);
app.use("*", trimTrailingSlash);

app.route("/", home);
app.route("/", assets);
app.route("/", feeds);
app.route("/", topics);
app.route("/", articles);
app.route("/", openapi);

// The public Worker only reads: any other method is refused, saying which ones it answers.
app.on(["POST", "PUT", "PATCH", "DELETE"], "*", (c) => methodNotAllowed(c));

app.notFound(notFound);
app.onError(onError);

export default app;
