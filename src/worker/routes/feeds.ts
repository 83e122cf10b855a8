/**
 * The feeds: /feed.{xml,atom,json} for every article and
 * /topics/:slug/feed.{xml,atom,json} for one topic, each with the filters of
 * query.ts. One renderer per format; the items come from select.ts.
 */
import { type Context, Hono } from "hono";
import type { FeedItem } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { problem } from "../problem.js";
import { type FeedQuery, feedQueryValidator } from "../query.js";
import { renderAtom } from "../render/atom.js";
import { type FeedMeta, feedMeta } from "../render/feed-meta.js";
import { renderJsonFeed } from "../render/json-feed.js";
import { renderRss } from "../render/rss.js";
import { checkTopics, selectItems } from "../select.js";
import { withCorpus } from "../store.js";

export interface FeedFormat {
  ext: "xml" | "atom" | "json";
  contentType: string;
  render: (meta: FeedMeta, items: readonly FeedItem[]) => string;
}

export const FEED_FORMATS: readonly FeedFormat[] = [
  { ext: "xml", contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  { ext: "atom", contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  { ext: "json", contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
];

/** Words for the feed title when filters narrow it. */
function describeFilters(q: FeedQuery, topicName: (s: string) => string): string | null {
  const parts: string[] = [];
  if (q.topic.length) parts.push(q.topic.map(topicName).join(q.match === "all" ? " and " : " or "));
  if (q.exclude.length) parts.push(`not ${q.exclude.map(topicName).join(" or ")}`);
  if (q.q.length) parts.push(`matching “${q.q.join(" ")}”`);
  if (q.since !== undefined) parts.push(`since ${new Date(q.since).toISOString().slice(0, 10)}`);
  if (q.until !== undefined) parts.push(`until ${new Date(q.until).toISOString().slice(0, 10)}`);
  return parts.length ? parts.join(", ") : null;
}

async function serveFeed(
  c: Context<AppEnv>,
  format: FeedFormat,
  query: FeedQuery,
  pathTopic: string | null,
): Promise<Response> {
  const body = await withCorpus(c.env.FEEDS, async (reader) => {
    const { manifest } = reader;
    const topic = pathTopic === null ? null : manifest.topics.find((t) => t.slug === pathTopic);
    if (pathTopic !== null && !topic) {
      throw problem(
        404,
        `There is no topic "${pathTopic}". Topics: ${manifest.topics.map((t) => t.slug).join(", ")} (see /topics).`,
      );
    }
    checkTopics(manifest, query);
    if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
      throw problem(400, "The parameter `since` must not be later than `until`.", { parameter: "since" });
    }
    const items = await selectItems(reader, query, pathTopic);
    const names = new Map(manifest.topics.map((t) => [t.slug, t.name]));
    const filters = describeFilters(query, (s) => names.get(s) ?? s);
    const heading = [topic?.name, filters].filter(Boolean).join(", ") || null;
    const meta = feedMeta({
      url: c.req.url,
      site: c.env,
      manifest,
      items,
      heading,
      homePath: "/",
    });
    return format.render(meta, items);
  });
  return c.body(body, 200, {
    "content-type": format.contentType,
    "cache-control": "public, max-age=300",
    "access-control-allow-origin": "*",
  });
}

export const feeds = new Hono<AppEnv>();
for (const format of FEED_FORMATS) {
  feeds.get(`/feed.${format.ext}`, feedQueryValidator, (c) => serveFeed(c, format, c.req.valid("query"), null));
  feeds.get(`/topics/:slug/feed.${format.ext}`, feedQueryValidator, (c) =>
    serveFeed(c, format, c.req.valid("query"), c.req.param("slug")),
  );
}
