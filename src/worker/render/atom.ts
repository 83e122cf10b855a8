/**
 * Atom 1.0 through the `feed` package, with what it lacks covered here:
 * characters XML forbids are removed, and text the package marks type="html"
 * (titles, summaries) is HTML-escaped so "AT&T <Inc>" stays text.
 */
import { Feed } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { escapeHtml, stripXmlForbidden } from "../../shared/text.js";
import type { FeedMeta } from "./feed-meta.js";

const asHtml = (text: string): string => escapeHtml(stripXmlForbidden(text));

export function renderAtom(meta: FeedMeta, items: readonly FeedItem[]): string {
  const feed = new Feed({
    title: meta.title,
    description: meta.description,
    id: meta.id,
    link: meta.homeUrl,
    language: meta.language,
    updated: meta.updated,
    generator: false,
    author: { name: meta.siteName, link: meta.origin },
    feedLinks: { atom: meta.selfUrl },
  });
  for (const item of items) {
    feed.addItem({
      title: asHtml(item.title),
      id: item.id,
      link: meta.articleUrl(item.slug),
      date: new Date(item.updated),
      published: new Date(item.published),
      description: asHtml(item.summary),
      content: stripXmlForbidden(item.html),
      author: item.author ? [{ name: stripXmlForbidden(item.author) }] : undefined,
      category: item.topics.map((t) => ({ term: t, name: meta.topicName(t), scheme: `${meta.origin}/topics/` })),
    });
  }
  return stripXmlForbidden(feed.atom1());
}
