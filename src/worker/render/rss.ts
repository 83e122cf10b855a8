/**
 * RSS 2.0 through the `feed` package, with what it lacks covered here:
 * characters XML forbids are removed, summaries are HTML-escaped (RSS
 * readers treat <description> as HTML), and the author goes in dc:creator
 * (RSS's <author> must be an e-mail address).
 */
import { Feed } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { escapeHtml, stripXmlForbidden } from "../../shared/text.js";
import type { FeedMeta } from "./feed-meta.js";

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
  });
  for (const item of items) {
    feed.addItem({
      title: stripXmlForbidden(item.title),
      id: item.id,
      link: meta.articleUrl(item.slug),
      date: new Date(item.updated),
      published: new Date(item.published),
      description: escapeHtml(stripXmlForbidden(item.summary)),
      content: stripXmlForbidden(item.html),
      category: item.topics.map((t) => ({ name: meta.topicName(t), domain: meta.topicUrl(t) })),
      extensions: item.author
        ? [{ name: "dc:creator", objects: { _text: stripXmlForbidden(item.author) } }]
        : undefined,
    });
  }
  return stripXmlForbidden(feed.rss2());
}
