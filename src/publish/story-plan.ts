/**
 * From the grouper's groups (src/ingest/stories) to what the deploy publishes
 * of each story: its id, the version its item shows, where it sits in the
 * story feeds' order, its dates, and the list of versions every member
 * carries. Only stories of two or more articles are planned here; an article
 * alone is a story of one, which the planner makes on the spot (storyOfOne).
 * - id: the id of its first article: the one Wirefeed had first (the date
 *   ledger's first publication), then the earliest published, then by key;
 *   so coverage joining later, even coverage dated earlier, keeps the id.
 * - best version (what the story's item shows): the fullest (most words),
 *   the first article on a tie.
 * - place in the order: its newest version's (published instant, slug).
 * - versions listed: the first STORY_LIST_MAX by date, and how many there are.
 * - published: its earliest version's; updated: the latest of its newest
 *   version's date, any version's `updated`, and when a version joined an
 *   existing story (its first publication here, if later than the story's).
 */

import { groupInputs } from "../ingest/stories/group.js";
import { type Article, STORY_LIST_MAX, type StoryRef, type StoryVersion } from "../schema/article.js";
import { compareFeedOrder } from "../schema/order.js";
import { blocksToLines } from "../shared/blocks-html.js";

export interface PlannedStory {
  ref: StoryRef;
  /** Key of the version the story's item shows. */
  best: string;
  /** Key of its newest version: where the story sits in the order. */
  newest: string;
  published: string;
  dateSource: Article["dateSource"];
  size: number;
}

/** The story of each article that shares one with others, by article key (members share the object). */
export type StoryPlan = ReadonlyMap<string, PlannedStory>;

/** When Wirefeed first published each article (the date ledger), by key. */
export type FirstSeen = (key: string) => string | undefined;

const versionOf = (a: Article): StoryVersion => ({
  slug: a.slug,
  title: a.title,
  site: a.source.site,
  sourceUrl: a.source.url,
  published: a.published,
  dateSource: a.dateSource,
});

/** The story of an article alone. */
export const storyOfOne = (a: Article): StoryRef => ({
  id: a.id,
  updated: a.updated,
  count: 1,
  articles: [versionOf(a)],
});

const max = (a: string, b: string): string => (a > b ? a : b);

export function planStories(
  articles: readonly Article[],
  groups: readonly (readonly string[])[],
  firstSeen: FirstSeen = () => undefined,
): StoryPlan {
  const byKey = new Map(articles.map((a) => [a.key, a]));
  const out = new Map<string, PlannedStory>();
  for (const group of groups) {
    const members = group.map((k) => byKey.get(k)).filter((a): a is Article => a !== undefined);
    if (members.length < 2) continue;
    const seen = (a: Article) => firstSeen(a.key) ?? a.published;
    const inOrder = [...members].sort(
      (x, y) => seen(x).localeCompare(seen(y)) || x.published.localeCompare(y.published) || (x.key < y.key ? -1 : 1),
    );
    const first = inOrder[0] as Article;
    const byDate = [...members].sort((x, y) => x.published.localeCompare(y.published) || (x.slug < y.slug ? -1 : 1));
    const earliest = byDate[0] as Article;
    const newest = members.reduce((n, a) =>
      compareFeedOrder({ ms: Date.parse(a.published), slug: a.slug }, { ms: Date.parse(n.published), slug: n.slug }) < 0
        ? a
        : n,
    );
    const best = inOrder.reduce((b, a) => (a.wordCount > b.wordCount ? a : b), first);
    const storyStart = members.reduce((t, a) => (seen(a) < t ? seen(a) : t), seen(first));
    let updated = newest.published;
    for (const a of members) {
      updated = max(updated, a.updated);
      // coverage that joined a story Wirefeed already had
      if (seen(a) > storyStart) updated = max(updated, seen(a));
    }
    const planned: PlannedStory = {
      ref: { id: first.id, updated, count: members.length, articles: byDate.slice(0, STORY_LIST_MAX).map(versionOf) },
      best: best.key,
      newest: newest.key,
      published: earliest.published,
      dateSource: earliest.dateSource,
      size: members.length,
    };
    for (const a of members) out.set(a.key, planned);
  }
  return out;
}

/** Groups a corpus into stories (src/ingest/stories, streaming each article's text once) and plans them. */
export function storyPlanOf(articles: readonly Article[], firstSeen?: FirstSeen): StoryPlan {
  function* inputs() {
    for (const a of articles)
      yield {
        key: a.key,
        title: a.title,
        text: blocksToLines(a.body).join("\n"),
        // a date Wirefeed gave a page that has none says nothing about when its news happened
        published: a.dateSource === "ledger" ? null : a.published,
      };
  }
  const groups = groupInputs(inputs())
    .filter((s) => s.members.length > 1)
    .map((s) => s.members);
  return planStories(articles, groups, firstSeen);
}
