/**
 * What a feed shows of an article: its FeedItem, with the body rendered to
 * HTML once at deploy time and cut, at a block boundary, to ITEM_HTML_BYTES
 * (feeds link to the article page for the rest).
 */
import type { Article, Block } from "../schema/article.js";
import { type FeedItem, ITEM_HTML_BYTES } from "../schema/store.js";
import { blocksToHtml } from "../shared/blocks-html.js";

/** HTML of one block (each article's item is made once a deploy: nothing to memoise). */
const htmlOf = (block: Block): string => blocksToHtml([block]);

/** The body's HTML for a feed item: whole blocks up to ITEM_HTML_BYTES (at least one, itself cut if huge). */
function itemBody(a: Article): Pick<FeedItem, "html" | "truncated"> {
  const parts: string[] = [];
  let bytes = 0;
  let truncated = false;
  for (const block of a.body) {
    const h = htmlOf(block);
    const n = Buffer.byteLength(h) + (parts.length ? 1 : 0);
    if (bytes + n > ITEM_HTML_BYTES) {
      truncated = true;
      break;
    }
    parts.push(h);
    bytes += n;
  }
  if (parts.length === 0) {
    // one enormous block: its text, cut at a word, as a paragraph
    const first = a.body[0];
    const text = first && "text" in first ? first.text : a.summary;
    const cut = text.slice(0, ITEM_HTML_BYTES / 4);
    parts.push(
      blocksToHtml([{ type: "paragraph", text: `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 1)).trim()}…` }]),
    );
  }
  return { html: parts.join("\n"), truncated };
}

export function toFeedItem(a: Article): FeedItem {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    author: a.author,
    published: a.published,
    updated: a.updated,
    dateSource: a.dateSource,
    topics: a.topics,
    ...itemBody(a),
    ...(a.story ? { story: a.story } : {}),
  };
}
