/**
 * RSS 2.0 through the `feed` package, with what it lacks covered here:
 * characters XML forbids are removed, summaries are HTML-escaped (RSS
 * readers treat <description> as HTML), the author goes in dc:creator
 * (RSS's <author> must be an e-mail address), RFC 5005 paging links are
 * added as atom:link elements beside the self link, and each item's XML is
 * memoised (item-cache.ts).
 */
import { Feed } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { escapeHtml, stripXmlForbidden } from "../../shared/text.js";
import type { Chunk } from "../http.js";
import { type FeedMeta, pagingLinks } from "./feed-meta.js";
import { between, fillTexts, memoFragment, packageItem } from "./item-cache.js";

/** The self link the package writes; paging links go right after it. */
const SELF_LINK = /<atom:link href="[^"]*" rel="self" type="application\/rss\+xml"\/>/;

const NAMESPACES =
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom"';

function addItem(feed: Feed, meta: FeedMeta, item: FeedItem): void {
  feed.addItem({
    ...packageItem(meta, item),
    category: item.topics.map((t) => ({ name: meta.topicName(t), domain: meta.topicUrl(t) })),
    extensions: item.author ? [{ name: "dc:creator", objects: { _text: stripXmlForbidden(item.author) } }] : undefined,
  });
}

/** One item's <item> element, as the package writes it inside a channel. */
function itemXml(meta: FeedMeta, item: FeedItem): Uint8Array {
  return memoFragment("rss", meta, item, () => {
    const one = new Feed({ title: "", id: meta.origin, link: meta.origin, generator: false });
    addItem(one, meta, item);
    const xml = between(stripXmlForbidden(one.rss2()), "<item>", "</item>");
    // RSS readers take <description> as HTML: the plain summary goes in escaped as HTML, then as XML
    return fillTexts(xml, item.title, escapeHtml(stripXmlForbidden(item.summary)));
  });
}

export function renderRss(meta: FeedMeta, items: readonly FeedItem[]): Chunk[] {
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
    ...(meta.hub ? { hub: meta.hub } : {}),
  });
  // the channel from the package, then its items (memoised) before </channel>
  const envelope = stripXmlForbidden(feed.rss2())
    .replace(/<rss version="2.0"[^>]*>/, `<rss version="2.0" ${NAMESPACES}>`)
    .replace(SELF_LINK, (self) => `${self}\n        ${pagingLinks(meta, "atom:")}`);
  const close = envelope.lastIndexOf("    </channel>");
  return [
    envelope.slice(0, close),
    ...items.flatMap((i) => ["        ", itemXml(meta, i), "\n"]),
    envelope.slice(close),
  ];
}
