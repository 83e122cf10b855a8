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

import { sharedGroupsOnThreads } from "../ingest/stories/threads.js";
import { type Article, STORY_LIST_MAX, type StoryRef, type StoryVersion } from "../schema/article.js";
import { compareFeedOrder } from "../schema/order.js";
import { blocksToLines } from "../shared/blocks-html.js";
import { type PlannedStory, StoryPlan } from "./story-store.js";
import { FactsFile, factsOf, type VersionFacts } from "./version-facts.js";

/** When Wirefeed first published each article (the date ledger), by key. */
export type FirstSeen = (key: string) => string | undefined;

const versionOf = (a: VersionFacts): StoryVersion => ({
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

/**
 * Plans the groups of two or more articles. Reads the articles (or their
 * facts, version-facts.ts) once, in any order, keeping only the facts of
 * the articles in such groups: a corpus streamed from disk is never held.
 * The plan is held compactly (story-store.ts; `chunkBytes` as there).
 */
export function planStories(
  articles: Iterable<VersionFacts>,
  groups: readonly (readonly string[])[],
  firstSeen: FirstSeen = () => undefined,
  chunkBytes?: number,
): StoryPlan {
  const shared = groups.filter((g) => g.length > 1);
  const groupOf = new Map<string, number>();
  shared.forEach((g, i) => {
    for (const key of g) groupOf.set(key, i);
  });
  const facts: VersionFacts[][] = shared.map(() => []);
  for (const a of articles) {
    const g = groupOf.get(a.key);
    if (g !== undefined) facts[g]?.push(factsOf(a));
  }
  groupOf.clear();
  const out = new StoryPlan(chunkBytes);
  try {
    addStories(out, facts, firstSeen);
  } catch (e) {
    out.close();
    throw e;
  }
  return out;
}

/** Plans each group of facts into `out`. */
function addStories(out: StoryPlan, facts: VersionFacts[][], firstSeen: FirstSeen): void {
  for (let g = 0; g < facts.length; g++) {
    const members = facts[g] as VersionFacts[];
    // let go of each story's facts once planned
    facts[g] = [];
    if (members.length < 2) continue;
    const seen = (a: VersionFacts) => firstSeen(a.key) ?? a.published;
    const inOrder = [...members].sort(
      (x, y) => seen(x).localeCompare(seen(y)) || x.published.localeCompare(y.published) || (x.key < y.key ? -1 : 1),
    );
    const first = inOrder[0] as VersionFacts;
    const byDate = [...members].sort((x, y) => x.published.localeCompare(y.published) || (x.slug < y.slug ? -1 : 1));
    const earliest = byDate[0] as VersionFacts;
    const newest = members.reduce((n, a) =>
      compareFeedOrder({ ms: Date.parse(a.published), slug: a.slug }, { ms: Date.parse(n.published), slug: n.slug }) < 0
        ? a
        : n,
    );
    const best = inOrder.reduce((b, a) => (a.wordCount > b.wordCount ? a : b), first);
    // the planner's order: oldest first (the feed order backwards)
    const met = [...members].sort((x, y) =>
      compareFeedOrder({ ms: Date.parse(y.published), slug: y.slug }, { ms: Date.parse(x.published), slug: x.slug }),
    );
    const topics = [...best.topics];
    for (const a of met) for (const t of a.topics) if (!topics.includes(t)) topics.push(t);
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
      topics,
      orderKey: [Date.parse(newest.published), newest.slug],
    };
    out.add(
      planned,
      members.map((a) => a.key),
    );
  }
}

/** Articles: an array, or a stream (a function that reads them; storyPlanOf reads it once). */
export type Articles = readonly Article[] | (() => Iterable<Article>);

/**
 * Groups a corpus into stories (src/ingest/stories) and plans them. The
 * grouping reads every article's text (each article's features are packed
 * as it arrives, its text not kept; on `threads` worker threads when more
 * than 1); then the facts of the versions of stories of several articles
 * are read again: from the array, or, for a corpus streamed, from the facts
 * kept on the way (version-facts.ts), not from a second read of the corpus.
 */
export async function storyPlanOf(articles: Articles, firstSeen?: FirstSeen, threads = 1): Promise<StoryPlan> {
  const facts = typeof articles === "function" ? new FactsFile() : null;
  try {
    function* inputs() {
      for (const a of typeof articles === "function" ? articles() : articles) {
        facts?.add(a);
        yield {
          key: a.key,
          title: a.title,
          text: blocksToLines(a.body).join("\n"),
          // a date Wirefeed gave a page that has none says nothing about when its news happened
          published: a.dateSource === "ledger" ? null : a.published,
        };
      }
    }
    const groups = await sharedGroupsOnThreads(inputs(), threads);
    return planStories(facts ? facts.read() : (articles as readonly Article[]), groups, firstSeen);
  } finally {
    facts?.close();
  }
}
