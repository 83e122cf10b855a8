/**
 * The feeds: /feed.{xml,atom,json} for every article, /topics/:slug/feed.{…}
 * for one topic, and /feed and /topics/:slug/feed choosing the format from
 * the Accept header; the same under /stories/ and /topics/:slug/stories/,
 * one item per story (the fullest version, listing the others). Each takes
 * the filters of query.ts, pages with cursors (RFC 5005), answers
 * conditional requests, and is rendered once per version and URL in the
 * isolate. A browser (Accept prefers text/html) gets each feed as a web page
 * of the same items; `Vary: Accept`.
 */
import { type Context, Hono } from "hono";
import type { FeedItem } from "../../schema/store.js";
import type { AppEnv } from "../app-env.js";
import { type Chunk, FEED_CACHE_CONTROL, type Rendered } from "../http.js";
import { negotiate, prefersHtml } from "../negotiate.js";
import { problem } from "../problem.js";
import { type FeedQuery, feedQueryValidator } from "../query.js";
import { renderAtom } from "../render/atom.js";
import { type FeedMeta, feedMeta } from "../render/feed-meta.js";
import { feedPage } from "../render/feed-page.js";
import { renderJsonFeed } from "../render/json-feed.js";
import { renderRss } from "../render/rss.js";
import type { RootView } from "../root-view.js";
import { type Collection, selectItems } from "../select.js";
import { serveRendered } from "../serve.js";
import type { Corpus } from "../store.js";

export interface FeedFormat {
  ext: "xml" | "atom" | "json";
  mediaType: string;
  render: (meta: FeedMeta, items: readonly FeedItem[]) => Chunk[];
}

export const FEED_FORMATS: readonly FeedFormat[] = [
  { ext: "xml", mediaType: "application/rss+xml", render: renderRss },
  { ext: "atom", mediaType: "application/atom+xml", render: renderAtom },
  { ext: "json", mediaType: "application/feed+json", render: renderJsonFeed },
];

/** What /feed accepts, best first; plain XML and JSON map to RSS and JSON Feed. */
const OFFERS = [
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/xml",
  "text/xml",
  "application/json",
] as const;
const OFFER_FORMAT: Record<(typeof OFFERS)[number], FeedFormat["ext"]> = {
  "application/rss+xml": "xml",
  "application/atom+xml": "atom",
  "application/feed+json": "json",
  "application/xml": "xml",
  "text/xml": "xml",
  "application/json": "json",
};

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

/** Rejects topic slugs the corpus does not have, naming the parameter and the allowed values. */
function checkTopics(view: RootView, query: FeedQuery): void {
  for (const parameter of ["topic", "exclude"] as const) {
    const unknown = query[parameter].filter((s) => !view.topicsBySlug.has(s));
    if (unknown.length) {
      const allowed = [...view.topicsBySlug.keys()];
      throw problem(
        400,
        `Unknown topic${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} in \`${parameter}\`. Allowed values: ${allowed.join(", ")}.`,
        { parameter, allowed },
      );
    }
  }
}

/**
 * When a feed last changed: the Last-Modified the deploy stamped on its scope
 * (all articles, its path topic, the topics it is narrowed to): an upper
 * bound for any filter within that scope.
 */
function feedLastModified(view: RootView, query: FeedQuery, pathTopic: string | null, collection: Collection): Date {
  const all = collection === "stories" ? view.root.stories.all : view.root.all;
  const scopes = collection === "stories" ? view.storyScopes : view.topicsBySlug;
  const of = (slug: string) => Date.parse(scopes.get(slug)?.lastModified ?? all.lastModified);
  let t = Date.parse(all.lastModified);
  if (pathTopic) t = Math.min(t, of(pathTopic));
  if (query.topic.length) t = Math.min(t, Math.max(...query.topic.map(of)));
  return new Date(t);
}

/** Which feed a route serves: its collection and its path topic. */
interface FeedScope {
  collection: Collection;
  pathTopic: string | null;
}

async function renderFeed(
  c: Context<AppEnv>,
  corpus: Corpus,
  format: FeedFormat,
  query: FeedQuery,
  { collection, pathTopic }: FeedScope,
  contentType: string,
  location: Record<string, string>,
  asPage: boolean,
): Promise<Rendered> {
  const { view } = corpus;
  const topic = pathTopic === null ? null : view.topicsBySlug.get(pathTopic);
  if (pathTopic !== null && !topic) {
    throw problem(
      404,
      `There is no topic "${pathTopic}". Topics: ${[...view.topicsBySlug.keys()].join(", ")} (see /topics).`,
    );
  }
  checkTopics(view, query);
  if (query.since !== undefined && query.until !== undefined && query.since > query.until) {
    throw problem(400, "The parameter `since` must not be later than `until`.", { parameter: "since" });
  }
  if (query.before && query.after) {
    throw problem(400, "Give either `before` (the next page) or `after` (the previous page), not both.", {
      parameter: "after",
    });
  }
  const selection = await selectItems(corpus, query, pathTopic, collection);
  const filters = describeFilters(query, (s) => view.names.get(s) ?? s);
  const updated = feedLastModified(view, query, pathTopic, collection);
  const what = collection === "stories" ? (topic ? `${topic.name} stories` : "stories") : topic?.name;
  const meta = feedMeta({
    url: c.req.url,
    site: c.env,
    view,
    updated,
    heading: [what, filters].filter(Boolean).join(", ") || null,
    homePath: topic ? `/topics/${topic.slug}` : "/",
    next: selection.next,
    previous: selection.previous,
    content: query.content,
    stories: collection === "stories",
  });
  return {
    body: asPage
      ? (await feedPage({ meta, items: selection.items, view, format: format.ext })).toString()
      : format.render(meta, selection.items),
    contentType,
    lastModified: updated,
    headers: { "cache-control": FEED_CACHE_CONTROL, vary: "Accept", ...location },
  };
}

/**
 * How a feed is served to this request: a person's browser (Accept prefers
 * text/html) gets the feed as a web page (feed-page.ts); everyone else, the
 * feed. Its content type and its cache variant.
 */
function variantOf(c: Context<AppEnv>, format: FeedFormat, negotiated: boolean) {
  const asPage = prefersHtml(c.req.header("accept"));
  const contentType = asPage ? "text/html; charset=utf-8" : `${format.mediaType}; charset=utf-8`;
  const location: Record<string, string> =
    negotiated && !asPage ? { "content-location": `${new URL(c.req.url).pathname}.${format.ext}` } : {};
  return { contentType, variant: `${format.ext} ${contentType}`, location, asPage };
}

function serveFeed(c: Context<AppEnv>, format: FeedFormat, query: FeedQuery, scope: FeedScope, negotiated: boolean) {
  const { contentType, variant, location, asPage } = variantOf(c, format, negotiated);
  return serveRendered(c, variant, (corpus) =>
    renderFeed(c, corpus, format, query, scope, contentType, location, asPage),
  );
}

const articlesOf = (pathTopic: string | null): FeedScope => ({ collection: "articles", pathTopic });
const storiesOf = (pathTopic: string | null): FeedScope => ({ collection: "stories", pathTopic });

export const feeds = new Hono<AppEnv>();

for (const format of FEED_FORMATS) {
  feeds.get(`/feed.${format.ext}`, feedQueryValidator, (c) =>
    serveFeed(c, format, c.req.valid("query"), articlesOf(null), false),
  );
  feeds.get(`/topics/:slug/feed.${format.ext}`, feedQueryValidator, (c) =>
    serveFeed(c, format, c.req.valid("query"), articlesOf(c.req.param("slug")), false),
  );
  feeds.get(`/stories/feed.${format.ext}`, feedQueryValidator, (c) =>
    serveFeed(c, format, c.req.valid("query"), storiesOf(null), false),
  );
  feeds.get(`/topics/:slug/stories/feed.${format.ext}`, feedQueryValidator, (c) =>
    serveFeed(c, format, c.req.valid("query"), storiesOf(c.req.param("slug")), false),
  );
}

/** The format /feed serves for this request, or a 406 listing the choices. */
function chooseFormat(c: Context<AppEnv>): FeedFormat {
  const accept = c.req.header("accept");
  const offer = prefersHtml(accept) ? "application/rss+xml" : negotiate(accept, OFFERS);
  const format = offer ? FEED_FORMATS.find((f) => f.ext === OFFER_FORMAT[offer]) : undefined;
  if (!format) {
    throw problem(
      406,
      `This feed is available as ${FEED_FORMATS.map((f) => f.mediaType).join(", ")}; the Accept header asked for none of them. Or ask for /feed.xml, /feed.atom or /feed.json directly.`,
      {
        available: FEED_FORMATS.map((f) => f.mediaType),
      },
    );
  }
  return format;
}

feeds.get("/feed", feedQueryValidator, (c) =>
  serveFeed(c, chooseFormat(c), c.req.valid("query"), articlesOf(null), true),
);
feeds.get("/topics/:slug/feed", feedQueryValidator, (c) =>
  serveFeed(c, chooseFormat(c), c.req.valid("query"), articlesOf(c.req.param("slug")), true),
);
feeds.get("/stories/feed", feedQueryValidator, (c) =>
  serveFeed(c, chooseFormat(c), c.req.valid("query"), storiesOf(null), true),
);
feeds.get("/topics/:slug/stories/feed", feedQueryValidator, (c) =>
  serveFeed(c, chooseFormat(c), c.req.valid("query"), storiesOf(c.req.param("slug")), true),
);
