/**
 * The one order of every feed, page and cursor: newest first by published
 * instant, equal instants by slug in code-unit order (A to Z). The deploy
 * sorts and cuts segments with it; the Worker places cursors, `since` and
 * `until` with it. Pure; imports neither node:* nor cloudflare:*.
 */

/** An article's place in the order: its published instant (epoch ms) and its slug. */
export interface OrderKey {
  ms: number;
  slug: string;
}

/** Negative when `a` comes first in a feed (is newer), positive when it comes after, 0 when equal. */
export function compareFeedOrder(a: OrderKey, b: OrderKey): number {
  return b.ms - a.ms || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/**
 * Slugs that sort before and after every real slug (slugs are [a-z0-9-]):
 * `{ms, slug: BEFORE_EVERY_SLUG}` is newer than every article published at
 * `ms`, `{ms, slug: AFTER_EVERY_SLUG}` older than all of them.
 */
export const BEFORE_EVERY_SLUG = "";
export const AFTER_EVERY_SLUG = "\uffff";
