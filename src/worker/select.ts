/**
 * Chooses the items of a feed page: the scope to read (all articles, or the
 * smallest topic the filter requires), the one KV page of it that holds the
 * newest matching items (or those next to a cursor), then topic, exclude, q,
 * since and until applied in memory. One page read per request, whatever the
 * corpus size. Cursors name an item (its date and slug), not an offset, so a
 * next page stays right when new articles arrive in between.
 */
import { ALL_SCOPE, type FeedItem, type Manifest, type PageRef, type Scope } from "../schema/store.js";
import { allWordsMatcher, htmlText } from "../shared/text.js";
import { problem } from "./problem.js";
import type { Cursor, FeedQuery } from "./query.js";
import type { Reader } from "./store.js";

export interface Selection {
  items: FeedItem[];
  /** Where the next (older) page starts, when there are older items. */
  next: Cursor | null;
  /** Where the previous (newer) page ends, when this is not the first page. */
  previous: Cursor | null;
}

/** Rejects topic slugs the corpus does not have, naming the parameter and the allowed values. */
export function checkTopics(manifest: Manifest, query: FeedQuery): void {
  const known = new Set(manifest.topics.map((t) => t.slug));
  for (const parameter of ["topic", "exclude"] as const) {
    const unknown = query[parameter].filter((s) => !known.has(s));
    if (unknown.length) {
      const allowed = [...known];
      throw problem(
        400,
        `Unknown topic${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} in \`${parameter}\`. Allowed values: ${allowed.join(", ")}.`,
        { parameter, allowed },
      );
    }
  }
}

/** Searchable text of each item, built once per item per isolate (items are cached with their pages). */
const searchText = new WeakMap<FeedItem, string>();
function textOf(item: FeedItem): string {
  let t = searchText.get(item);
  if (t === undefined) {
    // a cut body's words travel in bodyWords (all of them); a whole one's are in its HTML
    t = item.truncated
      ? `${item.title}\n${item.summary}\n${item.bodyWords}`
      : `${item.title}\n${item.summary}\n${htmlText(item.html)}`;
    searchText.set(item, t);
  }
  return t;
}

function matcher(query: FeedQuery, pathTopic: string | null): (item: FeedItem) => boolean {
  const { topic, exclude, match, q, since, until } = query;
  const hasWords = q.length ? allWordsMatcher(q) : null;
  return (item) => {
    if (pathTopic && !item.topics.includes(pathTopic)) return false;
    if (topic.length) {
      const ok =
        match === "all" ? topic.every((t) => item.topics.includes(t)) : topic.some((t) => item.topics.includes(t));
      if (!ok) return false;
    }
    if (exclude.some((t) => item.topics.includes(t))) return false;
    if (since !== undefined || until !== undefined) {
      const t = Date.parse(item.published);
      if (since !== undefined && t < since) return false;
      if (until !== undefined && t > until) return false;
    }
    return hasWords === null || hasWords(textOf(item));
  };
}

/** The scope whose list is shortest while still holding every match. */
function drivingScope(manifest: Manifest, query: FeedQuery, pathTopic: string | null): Scope {
  const required = [
    ...(pathTopic ? [pathTopic] : []),
    ...(query.match === "all" || query.topic.length === 1 ? query.topic : []),
  ];
  let best = manifest.scopes[ALL_SCOPE] as Scope;
  for (const slug of required) {
    const s = manifest.scopes[slug];
    if (s && s.count < best.count) best = s;
  }
  return best;
}

/** Order of feeds: newest first, ties by slug. Negative when `a` comes before (is newer than) `b`. */
function compareItems(a: Cursor, b: Cursor): number {
  return b.published - a.published || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

const cursorOf = (item: FeedItem): Cursor => ({ published: Date.parse(item.published), slug: item.slug });

/** The page holding the items around `at` (newest first): the head when it reaches that far. */
function pageAt(scope: Scope, at: number | undefined): PageRef | null {
  if (!scope.head) return null;
  if (at === undefined || Date.parse(scope.head.oldest) <= at) return scope.head;
  return scope.pages.find((p) => Date.parse(p.oldest) <= at) ?? scope.pages.at(-1) ?? null;
}

export async function selectItems(reader: Reader, query: FeedQuery, pathTopic: string | null): Promise<Selection> {
  const scope = drivingScope(reader.manifest, query, pathTopic);
  const anchor = query.before ?? query.after;
  const start = anchor?.published ?? query.until;
  const ref = pageAt(scope, start);
  if (!ref) return { items: [], next: null, previous: null };
  const { items: list } = await reader.page(ref.key);
  const keep = matcher(query, pathTopic);
  const isLastPage = ref.count === scope.count || scope.pages.at(-1)?.key === ref.key;

  if (query.after) {
    // the previous page: the `limit` matching items just newer than the cursor
    const after = query.after;
    const newer = list.filter((i) => compareItems(cursorOf(i), after) < 0 && keep(i));
    const items = newer.slice(-query.limit);
    const first = items[0];
    const reachedTop = ref === scope.head && newer.length <= query.limit;
    return { items, next: after, previous: first && !reachedTop ? cursorOf(first) : null };
  }

  const items: FeedItem[] = [];
  let last: FeedItem | undefined;
  let stop: "limit" | "since" | "end" = "end";
  for (const item of list) {
    if (query.before && compareItems(cursorOf(item), query.before) <= 0) continue;
    if (query.since !== undefined && Date.parse(item.published) < query.since) {
      stop = "since";
      break;
    }
    last = item;
    if (keep(item)) items.push(item);
    if (items.length === query.limit) {
      stop = "limit";
      break;
    }
  }
  const next = last && (stop === "limit" || (stop === "end" && !isLastPage)) ? cursorOf(last) : null;
  const first = items[0];
  const previous = query.before && first ? cursorOf(first) : null;
  return { items, next, previous };
}
