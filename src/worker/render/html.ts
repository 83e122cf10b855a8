/**
 * HTML pages for people: the home page, a topic's page, and the article page
 * every feed item links to. No JavaScript; one stylesheet (/style.css); dates
 * in words; topics as links; feed buttons and autodiscovery links on every
 * page. Every interpolated value is escaped by hono/html; the article body is
 * the fragment built at deploy time from escaped text.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Article, DateSource } from "../../schema/article.js";
import type { FeedItem, TopicEntry } from "../../schema/store.js";
import { blocksToHtml } from "../../shared/blocks-html.js";
import type { RootView } from "../root-view.js";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const FORMATS = [
  { ext: "xml", type: "application/rss+xml", label: "RSS" },
  { ext: "atom", type: "application/atom+xml", label: "Atom" },
  { ext: "json", type: "application/feed+json", label: "JSON Feed" },
] as const;

export interface FeedLinks {
  title: string;
  /** Path without extension, e.g. /topics/kosovo/feed */
  base: string;
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
export const dateInWords = (iso: string): string => dateFmt.format(new Date(iso));

/**
 * The date line of an article: the date its page gives, or, for a page that
 * gives none, when Wirefeed added it, said as such (never shown as the
 * article's own publication date).
 */
export function dateLine(published: string, dateSource: DateSource | undefined): Html {
  const time = html`<time datetime="${published}">${dateInWords(published)}</time>`;
  return dateSource === "ledger" ? html`<span class="added">added ${time}</span>` : time;
}

export function layout(opts: {
  title: string;
  description: string;
  feeds: FeedLinks[];
  lang: string;
  body: Html;
}): Html {
  return html`<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<meta name="description" content="${opts.description}">
<link rel="stylesheet" href="/style.css">
${opts.feeds.flatMap((f) => FORMATS.map((fmt) => html`<link rel="alternate" type="${fmt.type}" title="${f.title} (${fmt.label})" href="${f.base}.${fmt.ext}">\n`))}
</head>
<body>
${opts.body}
</body>
</html>`;
}

function feedButtons(feed: FeedLinks): Html {
  return html`<p class="feeds" aria-label="Subscribe to ${feed.title}">${FORMATS.map((f) => html`<a href="${feed.base}.${f.ext}" type="${f.type}">${f.label}</a>`)}</p>`;
}

export function topicLinks(slugs: readonly string[], view: RootView): Html {
  const names = view.names;
  return html`<p class="topics">${slugs.map((s) => html`<a href="/topics/${s}" rel="tag">${names.get(s) ?? s}</a>`)}</p>`;
}

function articleList(items: readonly FeedItem[], view: RootView): Html {
  if (items.length === 0) return html`<p class="meta">No articles yet.</p>`;
  return html`<ul class="articles">${items.map(
    (i) => html`<li><a href="/articles/${i.slug}">${i.title}</a>
<p class="meta">${dateLine(i.published, i.dateSource)}${i.author ? html` · ${i.author}` : ""}</p>
<p>${i.summary.length > 280 ? `${i.summary.slice(0, i.summary.lastIndexOf(" ", 280))}…` : i.summary}</p>
${topicLinks(i.topics, view)}</li>`,
  )}</ul>`;
}

export function homePage(opts: {
  siteTitle: string;
  description: string;
  lang: string;
  view: RootView;
  items: readonly FeedItem[];
}): Html {
  const all: FeedLinks = { title: `${opts.siteTitle}: all articles`, base: "/feed" };
  const stories: FeedLinks = { title: `${opts.siteTitle}: stories (one item per story)`, base: "/stories/feed" };
  const body = html`<header><h1>${opts.siteTitle}</h1><p class="meta">${opts.description}</p>${feedButtons(all)}<p class="meta">One item per story, however many sites covered it:</p>${feedButtons(stories)}</header>
<main>
<h2>Latest articles</h2>
${articleList(opts.items, opts.view)}
<h2>Topics</h2>
<ul class="articles">${opts.view.root.topics
    // a topic with no articles is nothing to subscribe to (it stays in /topics, with count 0)
    .filter((t) => t.count > 0)
    .map(
      (t) =>
        html`<li><a href="/topics/${t.slug}">${t.name}</a> <span class="meta">· ${t.count} article${t.count === 1 ? "" : "s"}</span><p>${t.description}</p></li>`,
    )}</ul>
</main>
<footer>Every topic's feeds, ready to import into a reader: <a href="/topics.opml">topics.opml</a> · as JSON: <a href="/topics">/topics</a> · the API, for scripts: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</footer>`;
  return layout({ title: opts.siteTitle, description: opts.description, feeds: [all, stories], body, lang: opts.lang });
}

export function topicPage(opts: {
  siteTitle: string;
  lang: string;
  topic: TopicEntry;
  view: RootView;
  items: readonly FeedItem[];
}): Html {
  const t = opts.topic;
  const feed: FeedLinks = { title: `${opts.siteTitle}: ${t.name}`, base: `/topics/${t.slug}/feed` };
  const stories: FeedLinks = { title: `${opts.siteTitle}: ${t.name} stories`, base: `/topics/${t.slug}/stories/feed` };
  const body = html`<header><p class="meta"><a href="/">${opts.siteTitle}</a> › Topics</p><h1>${t.name}</h1><p class="meta">${t.description} ${t.count} article${t.count === 1 ? "" : "s"}.</p>${feedButtons(feed)}<p class="meta">One item per story:</p>${feedButtons(stories)}</header>
<main>
${articleList(opts.items, opts.view)}
</main>
<footer><a href="/">All articles</a> · <a href="/topics.opml">All topic feeds (OPML)</a></footer>`;
  return layout({
    title: `${t.name} · ${opts.siteTitle}`,
    description: t.description,
    feeds: [feed, stories],
    body,
    lang: opts.lang,
  });
}

/** The other versions of the article's story: title, site, date, and the original page when known. */
function alsoCoveredBy(a: Article): Html | "" {
  const others = (a.story?.articles ?? []).filter((v) => v.slug !== a.slug);
  if (!a.story || !others.length) return "";
  const unlisted = a.story.count - a.story.articles.length;
  return html`<section class="story"><h2>Also covered by</h2><ul class="articles">${others.map(
    (v) =>
      html`<li><a href="/articles/${v.slug}">${v.title}</a><p class="meta">${v.site ?? (v.sourceUrl ? new URL(v.sourceUrl).hostname : "")}${v.site || v.sourceUrl ? " · " : ""}${dateLine(v.published, v.dateSource)}${v.sourceUrl ? html` · <a href="${v.sourceUrl}" rel="nofollow noopener">original</a>` : ""}</p></li>`,
  )}</ul>${unlisted > 0 ? html`<p class="meta">… and ${unlisted} more version${unlisted === 1 ? "" : "s"}.</p>` : ""}</section>`;
}

export function articlePage(opts: { siteTitle: string; article: Article; view: RootView }): Html {
  const a = opts.article;
  const all: FeedLinks = { title: `${opts.siteTitle}: all articles`, base: "/feed" };
  const topicFeeds = a.topics.slice(0, 3).map(
    (slug): FeedLinks => ({
      title: `${opts.siteTitle}: ${opts.view.names.get(slug) ?? slug}`,
      base: `/topics/${slug}/feed`,
    }),
  );
  const source = a.source.url
    ? html`<a href="${a.source.url}" rel="nofollow noopener">${a.source.site ?? new URL(a.source.url).hostname}</a>`
    : (a.source.site ?? a.source.origin ?? "");
  const body = html`<header><p class="meta"><a href="/">${opts.siteTitle}</a>${a.source.section ? html` › ${a.source.section}` : ""}</p></header>
<main><article>
<h1>${a.title}</h1>
<p class="meta">${a.author ? html`By ${a.author} · ` : ""}${dateLine(a.published, a.dateSource)}${a.updated !== a.published ? html` · updated <time datetime="${a.updated}">${dateInWords(a.updated)}</time>` : ""}${source ? html` · ${source}` : ""}</p>
${topicLinks(a.topics, opts.view)}
${raw(blocksToHtml(a.body))}
</article>
${alsoCoveredBy(a)}</main>
<footer>${feedButtons(all)}<a href="/articles/${a.slug}.json">This article as JSON</a></footer>`;
  return layout({
    title: `${a.title} · ${opts.siteTitle}`,
    description: a.summary,
    feeds: [all, ...topicFeeds],
    body,
    lang: a.language,
  });
}
