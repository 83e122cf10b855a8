/**
 * RSS 2.0 through the `feed` package, with what it lacks covered here:
 * characters XML forbids are removed, summaries are HTML-escaped (RSS
 * readers treat <description> as HTML), the author goes in dc:creator
 * (RSS's <author> must be an e-mail address), and RFC 5005 paging links are
 * added as atom:link elements beside the self link.
 */
import { Feed } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { escapeHtml, stripXmlForbidden } from "../../shared/text.js";
import { type FeedMeta, itemHtml, pagingLinks } from "./feed-meta.js";

/** The self link the package writes; paging links go right after it. */
const SELF_LINK = /<atom:link href="[^"]*" rel="self" type="application\/rss\+xml"\/>/;

export function renderRss(meta: FeedMeta, items: readonly FeedItem[]): string {
  const feed = new Feed({
    title: meta.title,
    description: meta.description,
    id: meta.id,
    link: meta.homeUrl,
    language: meta.language,
    updated: meta.updated,
    generator: false,
    copyright: `Articles © their publishers; compiled by ${meta.siteName}`,
    feedLinks: { rss: meta.selfUrl },
    stylesheet: meta.stylesheet,
    ...(meta.hub ? { hub: meta.hub } : {}),
  });
  for (const item of items) {
    feed.addItem({
      title: stripXmlForbidden(item.title),
      id: item.id,
      link: meta.articleUrl(item.slug),
      date: new Date(item.updated),
      published: new Date(item.published),
      description: escapeHtml(stripXmlForbidden(item.summary)),
      content: itemHtml(meta, item),
      category: item.topics.map((t) => ({ name: meta.topicName(t), domain: meta.topicUrl(t) })),
      extensions: item.author
        ? [{ name: "dc:creator", objects: { _text: stripXmlForbidden(item.author) } }]
        : undefined,
    });
  }
  const xml = stripXmlForbidden(feed.rss2());
  return xml.replace(SELF_LINK, (self) => `${self}\n        ${pagingLinks(meta, "atom:")}`);
}
