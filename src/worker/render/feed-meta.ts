/**
 * What every feed format says about the feed itself (title, links, id, date,
 * paging, hub) and about each item's URLs and categories, built once per
 * request from the request URL, so every link is absolute and the self link is
 * the exact URL. Also the item body a feed carries (full HTML or the summary).
 */
import type { FeedItem } from "../../schema/store.js";
import { escapeHtml, stripXmlForbidden } from "../../shared/text.js";
import { type Cursor, formatCursor } from "../query.js";
import type { RootView } from "../root-view.js";

export interface FeedMeta {
  title: string;
  description: string;
  /** Stable feed id: the feed's URL without per-request parameters. */
  id: string;
  /** The exact URL the feed was requested at. */
  selfUrl: string;
  /** The HTML page the feed corresponds to. */
  homeUrl: string;
  origin: string;
  language: string;
  siteName: string;
  /** When the feed's scope last changed (its Last-Modified). */
  updated: Date;
  /** RFC 5005 paging: the first page, and the next (older) and previous (newer) ones when they exist. */
  paging: { first: string; next: string | null; previous: string | null };
  /** WebSub hub, when one is configured. */
  hub: string | null;
  /** Whether items carry the whole body or only the summary. */
  content: "full" | "summary";
  /** A story feed: each item stands for a story and lists the other versions. */
  stories: boolean;
  /** What item fragments depend on besides the item, origin and mode: the topic names and the language. */
  renderContext: string;
  topicName: (slug: string) => string;
  articleUrl: (slug: string) => string;
  topicUrl: (slug: string) => string;
}

export interface SiteConfig {
  SITE_TITLE: string;
  SITE_DESCRIPTION: string;
  SITE_LANGUAGE: string;
  WEBSUB_HUB?: string;
}

/** Parameters that select items; the rest (utm_*, limit, cursors) do not change which feed this is. */
const IDENTITY_PARAMS = ["topic", "exclude", "match", "q", "since", "until", "content"];
const CURSOR_PARAMS = ["before", "after"];

function withCursor(url: URL, param: "before" | "after" | null, cursor: Cursor | null): string {
  const u = new URL(url);
  for (const p of CURSOR_PARAMS) u.searchParams.delete(p);
  if (param && cursor) u.searchParams.set(param, formatCursor(cursor));
  return u.toString();
}

export function feedMeta(opts: {
  url: string;
  site: SiteConfig;
  view: RootView;
  updated: Date;
  heading: string | null;
  homePath: string;
  next: Cursor | null;
  previous: Cursor | null;
  content: "full" | "summary";
  stories?: boolean;
}): FeedMeta {
  const url = new URL(opts.url);
  const origin = url.origin;
  const names = opts.view.names;
  const idUrl = new URL(url.pathname, origin);
  for (const p of IDENTITY_PARAMS) for (const v of url.searchParams.getAll(p).sort()) idUrl.searchParams.append(p, v);
  const site = stripXmlForbidden(opts.site.SITE_TITLE);
  return {
    title: stripXmlForbidden(opts.heading ? `${site}: ${opts.heading}` : site),
    description: stripXmlForbidden(opts.site.SITE_DESCRIPTION),
    id: idUrl.toString(),
    selfUrl: url.toString(),
    homeUrl: new URL(opts.homePath, origin).toString(),
    origin,
    language: opts.site.SITE_LANGUAGE,
    siteName: site,
    updated: opts.updated,
    paging: {
      first: withCursor(url, null, null),
      next: opts.next ? withCursor(url, "before", opts.next) : null,
      previous: opts.previous ? withCursor(url, "after", opts.previous) : null,
    },
    hub: opts.site.WEBSUB_HUB ? opts.site.WEBSUB_HUB : null,
    content: opts.content,
    stories: opts.stories ?? false,
    renderContext: `${opts.view.root.taxonomy.fingerprint}\n${opts.site.SITE_LANGUAGE}\n${opts.stories ? "stories" : "articles"}`,
    topicName: (slug) => names.get(slug) ?? slug,
    articleUrl: (slug) => `${origin}/articles/${slug}`,
    topicUrl: (slug) => `${origin}/topics/${slug}`,
  };
}

/** The other versions of a story item's story, as an HTML list (empty for a story of one). */
export function otherVersionsHtml(meta: FeedMeta, item: FeedItem): string {
  const story = item.story;
  const others = (story?.articles ?? []).filter((v) => v.slug !== item.slug);
  if (!story || !others.length) return "";
  // versions the story has but does not list (a story lists its first STORY_LIST_MAX)
  const unlisted = story.count - story.articles.length;
  const text = (s: string) => escapeHtml(stripXmlForbidden(s));
  const li = others.map((v) => {
    const site = v.site ?? (v.sourceUrl ? new URL(v.sourceUrl).hostname : null);
    const original = v.sourceUrl ? ` (<a href="${escapeHtml(v.sourceUrl)}">original</a>)` : "";
    return `<li><a href="${meta.articleUrl(v.slug)}">${text(v.title)}</a>${site ? ` · ${text(site)}` : ""}${original}</li>`;
  });
  const more = unlisted > 0 ? `\n<p>… and ${unlisted} more version${unlisted === 1 ? "" : "s"}.</p>` : "";
  return `\n<p>Also covered by:</p>\n<ul>\n${li.join("\n")}\n</ul>${more}`;
}

/**
 * The HTML an item carries: its whole body, or with content=summary its
 * summary and a link; in a story feed, then the story's other versions.
 */
export function itemHtml(meta: FeedMeta, item: FeedItem): string {
  const also = meta.stories ? otherVersionsHtml(meta, item) : "";
  if (meta.content === "full") {
    const html = stripXmlForbidden(item.html);
    return `${item.truncated ? `${html}\n<p><a href="${meta.articleUrl(item.slug)}">Continue reading</a></p>` : html}${also}`;
  }
  return `<p>${escapeHtml(stripXmlForbidden(item.summary))}</p>\n<p><a href="${meta.articleUrl(item.slug)}">Read the article</a></p>${also}`;
}

/** Paging links as Atom <link> elements (prefix "atom:" inside RSS). */
export function pagingLinks(meta: FeedMeta, prefix: "" | "atom:"): string {
  const out = [`<${prefix}link rel="first" href="${escapeHtml(meta.paging.first)}"/>`];
  if (meta.paging.next) out.push(`<${prefix}link rel="next" href="${escapeHtml(meta.paging.next)}"/>`);
  if (meta.paging.previous) out.push(`<${prefix}link rel="previous" href="${escapeHtml(meta.paging.previous)}"/>`);
  return out.join("\n        ");
}
