/**
 * The Wirefeed Worker: composes the routes, the error handler and the 404.
 * Everything it serves was prepared at deploy time (src/publish) and is read
 * from KV through store.ts.
 */
import { Hono } from "hono";
import type { AppEnv } from "./app-env.js";
import { notFound, onError } from "./problem.js";
import { articles } from "./routes/articles.js";
import { feeds } from "./routes/feeds.js";
import { home } from "./routes/home.js";
import { topics } from "./routes/topics.js";

const app = new Hono<AppEnv>();

app.route("/", home);
app.route("/", feeds);
app.route("/", topics);
app.route("/", articles);

app.notFound(notFound);
app.onError(onError);

export default app;
