/**
 * Chooses the items of a feed page, exactly, in at most three KV round trips
 * whatever the corpus size (docs/store-layout.md): (1) the index parts of the
 * filter's terms and the rows of the segments where the cursor, `since` and
 * `until` fall; (2) the item keys of the segments holding the page; (3) the
 * items. Between (1) and (2) the filter runs on bitsets, walking from the
 * cursor until it has `limit` matches and knows whether more lie beyond.
 * Cursors name an article's place in the order, so a walk neither skips nor
 * repeats when articles arrive in between.
 */

import { itemKey, KV_LIMITS } from "../schema/keys.js";
import { topicTerm, wordTerm } from "../schema/layout.js";
import { AFTER_EVERY_SLUG, BEFORE_EVERY_SLUG, type OrderKey } from "../schema/order.js";
import { CorruptValue, type Posting, type TermRecord } from "../schema/postings.js";
import type { FeedItem, SegmentRows } from "../schema/store.js";
import { SegmentMatcher, type TermFilter, take } from "./bitsets.js";
import { problem } from "./problem.js";
import type { Cursor, FeedQuery } from "./query.js";
import type { CollectionView } from "./root-view.js";
import type { Corpus } from "./store.js";

export interface Selection {
  items: FeedItem[];
  /** Where the next (older) page starts, when there are older matches. */
  next: Cursor | null;
  /** Where the previous (newer) page ends, when there are newer matches and this is not the first page. */
  previous: Cursor | null;
}

/** What selects a page: the filters of a feed URL (query.ts), or a page's plain "newest n". */
export type SelectQuery = Pick<FeedQuery, "topic" | "exclude" | "match" | "q" | "since" | "until" | "limit"> &
  Partial<Pick<FeedQuery, "before" | "after">>;

/** The newest `limit` articles, of a topic or of all. */
export const latest = (limit: number): SelectQuery => ({
  topic: [],
  exclude: [],
  match: "any",
  q: [],
  since: undefined,
  until: undefined,
  limit,
});

function termFilter(query: SelectQuery, pathTopic: string | null): TermFilter {
  const required = [...(pathTopic ? [topicTerm(pathTopic)] : []), ...query.q.map(wordTerm)];
  let anyOf: string[] = [];
  if (query.match === "all" || query.topic.length === 1) required.push(...query.topic.map(topicTerm));
  else anyOf = query.topic.map(topicTerm);
  return { required: [...new Set(required)], anyOf, excluded: query.exclude.map(topicTerm) };
}

/** Which collection a feed lists: one item per article, or one per story. */
export type Collection = "articles" | "stories";

const keyOf = (c: Cursor): OrderKey => ({ ms: c.published, slug: c.slug });
/** An item's place in its feed's order: a story's is its newest version's, an article's its own. */
const cursorOf = (item: FeedItem): Cursor =>
  item.orderKey
    ? { published: item.orderKey[0], slug: item.orderKey[1] }
    : { published: Date.parse(item.published), slug: item.slug };

export async function selectItems(
  corpus: Corpus,
  query: SelectQuery,
  pathTopic: string | null,
  collection: Collection = "articles",
): Promise<Selection> {
  try {
    return await select(corpus, collection === "stories" ? corpus.view.stories : corpus.view, query, pathTopic);
  } catch (e) {
    if (e instanceof CorruptValue) {
      console.error("index part rejected", e.message);
      throw problem(
        503,
        "The published corpus cannot be read by this Worker. Publish it again with `npm run deploy`.",
        {
          retryAfter: 60,
        },
      );
    }
    throw e;
  }
}

async function select(
  corpus: Corpus,
  view: CollectionView,
  query: SelectQuery,
  pathTopic: string | null,
): Promise<Selection> {
  const filter = termFilter(query, pathTopic);
  const terms = new Set([...filter.required, ...filter.anyOf, ...filter.excluded]);

  // Round trip 1: postings of every term, and rows where a boundary falls.
  const bounds = {
    since: query.since === undefined ? null : { ms: query.since, slug: AFTER_EVERY_SLUG },
    until: query.until === undefined ? null : { ms: query.until, slug: BEFORE_EVERY_SLUG },
    before: query.before ? keyOf(query.before) : null,
    after: query.after ? keyOf(query.after) : null,
  };
  const rowSegments = new Set<number>();
  for (const key of Object.values(bounds)) {
    if (!key) continue;
    const s = view.segmentFor(key);
    if (s >= 0) rowSegments.add(s);
  }
  const partKeys = [...new Set([...terms].flatMap((t) => view.partsFor(t)))];
  const rowKeys = [...rowSegments].map((s) => view.rowsKey(s));
  if (partKeys.length + rowKeys.length > KV_LIMITS.bulkReadKeys) {
    // never at the query limits up to 1,000,000 articles (docs/store-layout.md): a fourth round trip would be
    throw problem(
      400,
      "This filter names more topics and words than one request can look up in this corpus. Use fewer values in `topic`, `exclude` or `q`.",
      { parameter: "q" },
    );
  }
  const first = partKeys.length + rowKeys.length ? await corpus.read([...partKeys, ...rowKeys]) : new Map();
  const rows = new Map<number, SegmentRows>();
  for (const s of rowSegments) {
    const r = first.get(view.rowsKey(s)) as SegmentRows;
    if (r.ms.length !== view.counts[s]) throw new CorruptValue(`segment ${s} rows do not match the root`);
    rows.set(s, r);
  }
  const postings = new Map<string, Map<number, Posting>>();
  for (const k of partKeys) {
    for (const record of first.get(k) as TermRecord[]) {
      if (!terms.has(record.term)) continue;
      let bySid = postings.get(record.term);
      if (!bySid) {
        bySid = new Map();
        postings.set(record.term, bySid);
      }
      for (const p of record.postings) bySid.set(p.sid, p);
    }
  }

  // The range of positions the filter's dates allow, and the cursor's place in it.
  const sinceLo = bounds.since ? view.olderThan(bounds.since, rows) : 0;
  const untilHi = bounds.until ? view.olderThan(bounds.until, rows) : view.size;
  const matcher = new SegmentMatcher(view, filter, postings);
  const limit = query.limit;
  let positions: number[];
  let next: Cursor | null = null;
  let previous: Cursor | null = null;
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (bounds.after) {
    const lo = Math.max(sinceLo, view.olderThan(bounds.after, rows, true));
    const found = take(matcher.up(lo, untilHi), limit + 1);
    hasPrevious = found.length > limit;
    positions = found.slice(0, limit).reverse();
    // older matches: before the oldest item, or before the cursor itself (within `until`) when the page is empty
    const oldest = positions.at(-1) ?? Math.min(untilHi, view.olderThan(bounds.after, rows));
    hasNext = take(matcher.down(sinceLo, oldest), 1).length > 0;
    if (!positions.length && hasNext) next = query.after ?? null;
  } else {
    const hi = bounds.before ? Math.min(untilHi, view.olderThan(bounds.before, rows)) : untilHi;
    const found = take(matcher.down(sinceLo, hi), limit + 1);
    hasNext = found.length > limit;
    positions = found.slice(0, limit);
    // newer matches: after the newest item, or after the cursor itself when the page is empty
    const newest =
      positions[0] !== undefined
        ? positions[0] + 1
        : Math.max(sinceLo, bounds.before ? view.olderThan(bounds.before, rows, true) : hi);
    hasPrevious = bounds.before !== null && take(matcher.up(newest, untilHi), 1).length > 0;
    if (!positions.length && hasPrevious) previous = query.before ?? null;
  }

  // Round trip 2: the item keys of the segments holding the page (rows already read hold theirs).
  const segmentsOf = positions.map((p) => view.segmentOf(p));
  const keySegments = [...new Set(segmentsOf)].filter((s) => !rows.has(s));
  const keyLists = keySegments.length ? await corpus.read(keySegments.map((s) => view.keysKey(s))) : new Map();
  const itemKeys = positions.map((p, i) => {
    const s = segmentsOf[i] as number;
    const local = p - (view.starts[s] as number);
    const hashes = rows.get(s)?.items ?? (keyLists.get(view.keysKey(s)) as string[]);
    if (hashes.length !== view.counts[s]) throw new CorruptValue(`segment ${s} keys do not match the root`);
    const h = hashes[local];
    if (h === undefined) throw new CorruptValue(`segment ${s} has no item at ${local}`);
    return itemKey(h);
  });

  // Round trip 3: the items.
  const values = itemKeys.length ? await corpus.read(itemKeys) : new Map();
  const items = itemKeys.map((k) => values.get(k) as FeedItem);
  const newestItem = items[0];
  const oldestItem = items.at(-1);
  if (hasNext && oldestItem) next = cursorOf(oldestItem);
  if (hasPrevious && newestItem) previous = cursorOf(newestItem);
  return { items, next, previous };
}
