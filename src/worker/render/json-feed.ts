/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here because the
 * `feed` package writes version 1.0 (`author` instead of `authors`, no
 * `language`, no `hubs`). Topic slugs and the item's story (its id and every
 * version: slug, page URL, title, site, original URL, date) ride along in the
 * `_wirefeed` extension for scripts; `next_url` pages through older items.
 */
import type { FeedItem } from "../../schema/store.js";
import type { Chunk } from "../http.js";
import { type FeedMeta, itemHtml } from "./feed-meta.js";
import { memoFragment } from "./item-cache.js";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

function itemJson(meta: FeedMeta, item: FeedItem): Uint8Array {
  return memoFragment("json", meta, item, () => {
    const obj = {
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
      _wirefeed: {
        slug: item.slug,
        topics: item.topics,
        ...(item.story
          ? {
              story: {
                id: item.story.id,
                updated: item.story.updated,
                count: item.story.count,
                articles: item.story.articles.map((v) => ({
                  slug: v.slug,
                  url: meta.articleUrl(v.slug),
                  title: v.title,
                  site: v.site,
                  source_url: v.sourceUrl,
                  date_published: v.published,
                })),
              },
            }
          : {}),
      },
    };
    // indented as an element of the top-level "items" array
    return JSON.stringify(obj, null, 2).replace(/\n/g, "\n    ");
  });
}

export function renderJsonFeed(meta: FeedMeta, items: readonly FeedItem[]): Chunk[] {
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
    items: [],
  };
  const head = JSON.stringify(feed, null, 2).replace(/"items": \[\]\n\}$/, "");
  if (items.length === 0) return [`${head}"items": []\n}`];
  return [
    `${head}"items": [\n    `,
    ...items.flatMap((i, n) => (n ? [",\n    ", itemJson(meta, i)] : [itemJson(meta, i)])),
    "\n  ]\n}",
  ];
}
