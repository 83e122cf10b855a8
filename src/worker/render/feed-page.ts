/**
 * A feed as a web page, for a person who opens a feed URL in a browser (the
 * request prefers text/html): the same items, filters and paging as the feed
 * at that URL, with what a feed is, the URL to copy into a reader, and the
 * other formats. Server-rendered HTML, no script and no XSLT (which Chromium
 * is removing); feed readers and scripts keep getting the feed itself.
 */
import { html } from "hono/html";
import type { FeedItem } from "../../schema/store.js";
import type { RootView } from "../root-view.js";
import type { FeedMeta } from "./feed-meta.js";
import { dateLine, type Html, layout, topicLinks } from "./html.js";

const FORMATS = [
  { ext: "xml", label: "RSS" },
  { ext: "atom", label: "Atom" },
  { ext: "json", label: "JSON Feed" },
] as const;

/** The same feed in another format: the URL with its extension (or /feed) swapped, the query kept. */
function inFormat(url: string, ext: string): string {
  const u = new URL(url);
  u.pathname = u.pathname.replace(/\/feed(?:\.(?:xml|atom|json))?$/, `/feed.${ext}`);
  return u.toString();
}

/** The path of a URL with its query: links within the site stay relative. */
const local = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

function itemEntry(item: FeedItem, meta: FeedMeta, view: RootView): Html {
  const others = (item.story?.count ?? 1) - 1;
  const summary =
    item.summary.length > 280 ? `${item.summary.slice(0, item.summary.lastIndexOf(" ", 280))}…` : item.summary;
  return html`<li><a href="/articles/${item.slug}">${item.title}</a>
<p class="meta">${dateLine(item.published, item.dateSource)}${item.author ? html` · ${item.author}` : ""}${meta.stories && others > 0 ? html` · also covered by ${others} other version${others === 1 ? "" : "s"}` : ""}</p>
<p>${summary}</p>
${topicLinks(item.topics, view)}</li>`;
}

export function feedPage(opts: {
  meta: FeedMeta;
  items: readonly FeedItem[];
  view: RootView;
  /** The format of the feed at this URL: what the reader gets there. */
  format: "xml" | "atom" | "json";
}): Html {
  const { meta, items, view } = opts;
  const feedUrl = meta.paging.first;
  const label = FORMATS.find((f) => f.ext === opts.format)?.label ?? "RSS";
  const kind = meta.stories ? "stories: one item per news story, however many sites covered it" : "articles";
  const body = html`<header><p class="meta"><a href="/">${meta.siteName}</a> › Feeds</p>
<h1>${meta.title}</h1>
<div class="note"><p><strong>This is a web feed</strong> (${label}) of ${kind}. A feed reader (NetNewsWire, Feedly, Miniflux, Thunderbird, newsboat…) checks it for you and shows what is new. To subscribe, copy this address into your reader:</p>
<p><code class="feed-url">${feedUrl}</code></p></div>
<p class="feeds" aria-label="This feed in other formats">${FORMATS.map((f) => html`<a href="${local(inFormat(feedUrl, f.ext))}">${f.label}</a>`)}</p>
</header>
<main>
${items.length ? html`<ul class="articles">${items.map((i) => itemEntry(i, meta, view))}</ul>` : html`<p class="meta">Nothing matches this feed's filters.</p>`}
<nav class="pages">${meta.paging.previous ? html`<a href="${local(meta.paging.previous)}" rel="prev">← Newer</a>` : html`<span></span>`}${meta.paging.next ? html`<a href="${local(meta.paging.next)}" rel="next">Older →</a>` : html`<span></span>`}</nav>
</main>
<footer><a href="/">Home</a> · <a href="/topics.opml">Every topic's feed (OPML)</a></footer>`;
  return layout({
    title: meta.title,
    description: meta.description,
    feeds: [{ title: meta.title, base: new URL(feedUrl).pathname.replace(/\.(?:xml|atom|json)$/, "") }],
    body,
    lang: meta.language,
  });
}
