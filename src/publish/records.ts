/**
 * What the planner writes of each article, apart from its place in the
 * collections: its feed item (JSON, named by its hash), its record (gzipped
 * JSON, named by its hash) and, when it is the best version of a story of
 * several, the story's item. The same function runs in the planner's thread
 * or on worker threads (./record-threads.ts), which get the record's JSON
 * and parse it back: the same values either way. A worker also finds the
 * article's words, so the planner's thread only looks them up.
 */
import type { Article } from "../schema/article.js";
import type { FeedItem } from "../schema/store.js";
import { compress, hash16 } from "./hashing.js";
import { toFeedItem } from "./items.js";
import { articleWords } from "./term-dictionary.js";

/** What a story's item takes from its plan instead of its best version's item. */
export type StoryItemFields = Pick<FeedItem, "id" | "published" | "updated" | "dateSource" | "topics" | "orderKey">;

export interface ArticleValues {
  itemJson: string;
  itemHash: string;
  /** The record, gzipped JSON. */
  record: Uint8Array;
  recordHash: string;
  /** The item of the story this article is the best version of. */
  story: { json: string; hash: string } | null;
  /** Its distinct words (term-dictionary.ts articleWords), when asked for: a worker thread finds them. */
  words: string | null;
}

/** The values of `article`, whose JSON is `json`; `story` when it is the best version of a story of several. */
export function articleValues(
  article: Article,
  json: string,
  story: StoryItemFields | null,
  withWords = false,
): ArticleValues {
  const feedItem = toFeedItem(article);
  const itemJson = JSON.stringify(feedItem);
  const record = compress(json);
  let storyItem: ArticleValues["story"] = null;
  if (story) {
    // the story's item is its best version's, placed where its newest version is
    const storyJson = JSON.stringify({ ...feedItem, ...story } satisfies FeedItem);
    storyItem = { json: storyJson, hash: hash16(storyJson) };
  }
  return {
    itemJson,
    itemHash: hash16(itemJson),
    record,
    recordHash: hash16(record),
    story: storyItem,
    words: withWords ? articleWords(article) : null,
  };
}

/** One article's job for a worker thread: its record's JSON, and the story fields when it is a best version. */
export interface ValuesJob {
  json: string;
  story: StoryItemFields | null;
}

/**
 * A job's values, words included, from the record's JSON alone: what a
 * worker thread answers, and what the planner's thread makes itself when
 * every worker is busy.
 */
export const valuesOfJob = (job: ValuesJob): ArticleValues =>
  articleValues(JSON.parse(job.json) as Article, job.json, job.story, true);
