/**
 * What a 404 page offers instead of a topic or an article that is not there:
 * the closest matches among what the Worker has already read or reads cheaply.
 *
 * "Closest", for a topic: the topic's slug, or its name made into a slug, is
 * a near spelling of the missing slug (at most 40% of the longer one's
 * letters inserted, deleted, changed or swapped: "kosova", "spcae"),
 * contains it or is contained in it ("balkans" in "western-balkans"), or
 * shares most of its words; the topics come from the root, already in memory.
 *
 * "Closest", for an article: among the newest articles (one feed page, the
 * newest ARTICLE_POOL, which costs the two round trips of an unfiltered feed
 * page), those whose title or slug shares the most words with the missing
 * slug: a word of three letters or more, not a stop word, matching a whole
 * word or one being a prefix of the other ("strengthen", "strengthens");
 * at least a third of the missing slug's words must match. Ties go to the
 * newer article. An article older than that page is not offered.
 */
import type { FeedItem, TopicEntry } from "../schema/store.js";
import { words } from "../shared/text.js";

/** How many of the newest articles a missing article's slug is compared with: one page at the largest `limit`. */
export const ARTICLE_POOL = 100;
/** How similar a topic must be to be offered (slugSimilarity). */
const CLOSE_TOPIC = 0.6;
/** How many matches a page lists. */
const MAX_MATCHES = 5;
/** Slugs longer than this are cut before comparing (a request's path is not bounded by much). */
const MAX_SLUG = 100;

const STOP_WORDS = new Set(
  "the and for with from into over after about its are was were has have had will says said new not but than this that what who how why".split(
    " ",
  ),
);

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of
 * two neighbouring letters ("spcae" is one edit from "space"): the optimal
 * string alignment distance.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const prev = rows[i - 1] as number[];
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** A name as a slug would spell it: "Western Balkans" → "western-balkans". */
const slugify = (name: string): string =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

const slugWords = (slug: string): string[] => slug.split("-").filter((w) => w.length > 0);

/** How close a slug is to a candidate spelling, from 0 (nothing alike) to 1 (the same). */
function slugSimilarity(missing: string, candidate: string): number {
  if (!missing || !candidate) return 0;
  const spelling = 1 - editDistance(missing, candidate) / Math.max(missing.length, candidate.length);
  const contained =
    (missing.length >= 3 && candidate.includes(missing)) || (candidate.length >= 3 && missing.includes(candidate))
      ? 0.75
      : 0;
  const ours = new Set(slugWords(candidate));
  const theirs = slugWords(missing);
  const shared = theirs.filter((w) => w.length >= 3 && ours.has(w)).length;
  const overlap = theirs.length ? (0.9 * shared) / Math.max(theirs.length, ours.size) : 0;
  return Math.max(spelling, contained, overlap);
}

/** The topics closest to a missing topic slug, closest first (see the header); none when nothing is close. */
export function closestTopics(slug: string, topics: readonly TopicEntry[]): TopicEntry[] {
  const missing = slugify(slug.slice(0, MAX_SLUG));
  return topics
    .map((t) => ({
      t,
      score: Math.max(slugSimilarity(missing, t.slug), slugSimilarity(missing, slugify(t.name))),
    }))
    .filter((s) => s.score >= CLOSE_TOPIC)
    .sort((a, b) => b.score - a.score || b.t.count - a.t.count)
    .slice(0, MAX_MATCHES)
    .map((s) => s.t);
}

const wordsMatch = (a: string, b: string): boolean =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** The articles of `items` (newest first) closest to a missing article slug, closest first (see the header). */
export function closestArticles(slug: string, items: readonly FeedItem[]): FeedItem[] {
  const wanted = [...new Set(words(slug.slice(0, MAX_SLUG)))].filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
  if (!wanted.length) return [];
  const needed = Math.max(1, Math.ceil(wanted.length / 3));
  return items
    .map((item, order) => {
      const have = new Set([...words(item.title), ...slugWords(item.slug)]);
      const score = wanted.filter((w) => [...have].some((h) => wordsMatch(w, h))).length;
      return { item, order, score };
    })
    .filter((s) => s.score >= needed)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_MATCHES)
    .map((s) => s.item);
}
