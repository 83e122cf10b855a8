/**
 * Per-item fragments of a feed, rendered once per isolate and reused by every
 * feed page that holds the item: the `feed` package renders a whole document
 * per call (an object tree, then XML), which costs most of a cache-missing
 * request; an item's <item> or <entry> depends only on the item, the
 * request's origin, the body mode and the topic names, so it is memoised on
 * those (in the one cache), as UTF-8 bytes that responses copy without
 * encoding again.
 */
import type { Item } from "feed";
import type { FeedItem } from "../../schema/store.js";
import { escapeXml } from "../../shared/text.js";
import { cache } from "../cache.js";
import { contentKeyOf } from "../store.js";
import { type FeedMeta, itemHtml } from "./feed-meta.js";

const encoder = new TextEncoder();

/**
 * The item's fragment as UTF-8 bytes (rendered by `render` the first time),
 * in the isolate's one cache, keyed by everything it depends on: the format,
 * the request's origin, the body mode, the topic names and site language
 * (meta.renderContext) and the item's content address.
 */
export function memoFragment(kind: string, meta: FeedMeta, item: FeedItem, render: () => string): Uint8Array {
  const content = contentKeyOf(item) ?? `${item.id}\n${item.updated}\n${item.slug}\n${item.html.length}`;
  const key = `${kind}\n${meta.origin}\n${meta.content}\n${meta.renderContext}\n${content}`;
  const hit = cache.get<Uint8Array>("fragment", key);
  if (hit !== undefined) return hit;
  const value = encoder.encode(render());
  cache.set("fragment", key, value, value.byteLength);
  return value;
}

/** The text from the first `open` to the last `close` (inclusive) of a rendered document. */
export function between(doc: string, open: string, close: string): string {
  const start = doc.indexOf(open);
  const end = doc.lastIndexOf(close);
  if (start < 0 || end < 0) throw new Error(`rendered feed has no ${open}`);
  return doc.slice(start, end + close.length);
}

/**
 * Placeholders for an item's title and summary. The package writes them in
 * CDATA sections but splits only the first "]]>" of a text (xml-js), which
 * breaks the document for a text holding two; so the package gets these
 * tokens, and the texts go in afterwards, XML-escaped, in place of the CDATA.
 */
const TITLE_TOKEN = "wirefeed-title-placeholder-3f9c";
const SUMMARY_TOKEN = "wirefeed-summary-placeholder-3f9c";

export function fillTexts(fragment: string, title: string, summary: string): string {
  return fragment
    .replace(`<![CDATA[${TITLE_TOKEN}]]>`, () => escapeXml(title))
    .replace(`<![CDATA[${SUMMARY_TOKEN}]]>`, () => escapeXml(summary));
}

/** What RSS and Atom items share: the package gets placeholders for title and summary (see fillTexts). */
export function packageItem(meta: FeedMeta, item: FeedItem): Item {
  return {
    title: TITLE_TOKEN,
    id: item.id,
    link: meta.articleUrl(item.slug),
    date: new Date(item.updated),
    published: new Date(item.published),
    description: SUMMARY_TOKEN,
    content: itemHtml(meta, item),
  };
}
