/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because the
 * `feed` package writes version 1.0 (`author` instead of `authors`, no
 * `language`, no `hubs`). Topic slugs ride along in the `_wirefeed` extension
 * for scripts; `next_url` pages through older items.
 */
import type { FeedItem } from "../../schema/store.js";
import { type FeedMeta, itemHtml } from "./feed-meta.js";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

export function renderJsonFeed(meta: FeedMeta, items: readonly FeedItem[]): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.selfUrl,
    description: meta.description,
    language: meta.language,
    authors: [{ name: meta.siteName, url: meta.origin }],
    ...(meta.paging.next ? { next_url: meta.paging.next } : {}),
    ...(meta.hub ? { hubs: [{ type: "WebSub", url: meta.hub }] } : {}),
    items: items.map((item) => ({
      id: item.id,
      url: meta.articleUrl(item.slug),
      title: item.title,
      content_html: itemHtml(meta, item),
      summary: item.summary,
      date_published: item.published,
      date_modified: item.updated,
      ...(item.author ? { authors: [{ name: item.author }] } : {}),
      tags: item.topics.map((t) => meta.topicName(t)),
      language: meta.language,
      _wirefeed: { slug: item.slug, topics: item.topics },
    })),
  };
  return JSON.stringify(feed, null, 2);
}
