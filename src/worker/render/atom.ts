/**
 * Atom 1.0 through the `feed` package, with what it lacks covered here:
 * characters XML forbids are removed, and entry titles and summaries, which
 * the package always marks type="html", are declared type="text" (they are
 * plain text: "AT&T <Inc>" must reach the reader as written, not as markup
 * or as "&amp;"; and escaped rather than in CDATA, see item-cache.ts), and
 * RFC 5005 paging links are added beside the self link.
 */
import { Feed } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { stripXmlForbidden } from "../../shared/text.js";
import type { Chunk } from "../http.js";
import { type FeedMeta, pagingLinks } from "./feed-meta.js";
import { between, fillTexts, memoFragment, packageItem } from "./item-cache.js";

const SELF_LINK = /<link rel="self" href="[^"]*"\/>/;

/** The package writes `<title type="html"><![CDATA[…]]>` and the same for summaries; the CDATA holds our plain text. */
const PLAIN_TEXT_ELEMENTS = /<(title|summary) type="html">/g;

function addItem(feed: Feed, meta: FeedMeta, item: FeedItem): void {
  feed.addItem({
    ...packageItem(meta, item),
    author: item.author ? [{ name: stripXmlForbidden(item.author) }] : undefined,
    category: item.topics.map((t) => ({ term: t, name: meta.topicName(t), scheme: `${meta.origin}/topics/` })),
  });
}

/** One item's <entry> element, as the package writes it inside a feed. */
function entryXml(meta: FeedMeta, item: FeedItem): Uint8Array {
  return memoFragment("atom", meta, item, () => {
    const one = new Feed({ title: "", id: meta.origin, link: meta.origin, generator: false });
    addItem(one, meta, item);
    const xml = between(stripXmlForbidden(one.atom1()), "<entry>", "</entry>").replace(
      PLAIN_TEXT_ELEMENTS,
      '<$1 type="text">',
    );
    return fillTexts(xml, item.title, item.summary);
  });
}

export function renderAtom(meta: FeedMeta, items: readonly FeedItem[]): Chunk[] {
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
    ...(meta.hub ? { hub: meta.hub } : {}),
  });
  // the feed from the package, then its entries (memoised) before </feed>
  const envelope = stripXmlForbidden(feed.atom1()).replace(
    SELF_LINK,
    (self) => `${self}\n    ${pagingLinks(meta, "")}`,
  );
  const close = envelope.lastIndexOf("</feed>");
  return [envelope.slice(0, close), ...items.flatMap((i) => ["    ", entryXml(meta, i), "\n"]), envelope.slice(close)];
}
