/**
 * Chooses the items of a feed: the scope to read (all articles, or the
 * smallest topic the filter requires), the one page of it that holds the
 * newest matching items, then topic, exclude, q, since and until applied in
 * memory. One page read per request, whatever the corpus size.
 */
import { ALL_SCOPE, type FeedItem, type Manifest, type PageRef, type Scope } from "../schema/store.js";
import { matchesAllWords } from "../shared/text.js";
import { problem } from "./problem.js";
import type { FeedQuery } from "./query.js";
import type { Reader } from "./store.js";

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

function matcher(query: FeedQuery, pathTopic: string | null): (item: FeedItem) => boolean {
  const { topic, exclude, match, q, since, until } = query;
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
    return q.length === 0 || matchesAllWords(item.terms, q);
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

/** The page to read: the head, unless `until` asks for items older than the head's newest. */
function pageFor(scope: Scope, until: number | undefined): PageRef | null {
  if (!scope.head) return null;
  if (until === undefined || Date.parse(scope.head.newest) <= until) return scope.head;
  return scope.pages.find((p) => Date.parse(p.oldest) <= until) ?? null;
}

export async function selectItems(reader: Reader, query: FeedQuery, pathTopic: string | null): Promise<FeedItem[]> {
  const scope = drivingScope(reader.manifest, query, pathTopic);
  const ref = pageFor(scope, query.until);
  if (!ref) return [];
  const page = await reader.page(ref.key);
  const keep = matcher(query, pathTopic);
  const out: FeedItem[] = [];
  for (const item of page.items) {
    if (query.since !== undefined && Date.parse(item.published) < query.since) break;
    if (keep(item)) out.push(item);
    if (out.length === query.limit) break;
  }
  return out;
}
