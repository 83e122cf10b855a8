/**
 * The deploy's preview (`npm run deploy -- --dry-run`): which articles a
 * deploy would add, change and remove, and which feeds would change, told
 * from the store it was compared with. With no namespace id the preview
 * compares with the local store (what `npm start` last published) or, when
 * there is none yet, with an empty store held in memory: it needs no account
 * and writes nothing anywhere.
 */
import { SLUGS_PREFIX, slugsKey } from "../schema/keys.js";
import { type Root, SlugBucket } from "../schema/store.js";
import type { KvTarget } from "./kv-target.js";
import type { KvEntry } from "./plan.js";
import { changedFeedUrls } from "./websub.js";

/** A store with nothing in it, in memory: what a first deploy would meet. */
export function emptyTarget(name: string): KvTarget {
  const refuse = async () => {
    throw new Error(`${name} is only compared with: nothing may be written to it`);
  };
  return {
    name,
    get: async () => null,
    getBytes: async () => null,
    list: async () => [],
    putMany: refuse,
    deleteMany: refuse,
  };
}

export interface ArticleChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** More slug buckets changed than this: the articles are not listed one by one (each is a read of the store). */
const MAX_BUCKET_READS = 200;

/**
 * Slugs added, changed (another record) and removed between the live root and
 * the new one. Slug buckets are named by their content, so only the buckets
 * that differ are compared: the new ones as the plan wrote them
 * (`newBuckets`), the old ones read from the store. Null when too many
 * differ to read.
 */
export async function articleChanges(
  target: KvTarget,
  previous: Root | null,
  root: Root,
  newBuckets: ReadonlyMap<string, SlugBucket>,
): Promise<ArticleChanges | null> {
  const keys = (r: Root | null) => new Set((r?.slugBuckets ?? []).flatMap((h) => (h ? [slugsKey(h)] : [])));
  const before = keys(previous);
  const after = keys(root);
  const gone = [...before].filter((k) => !after.has(k));
  if (gone.length > MAX_BUCKET_READS) return null;
  const old = new Map<string, string>();
  for (let i = 0; i < gone.length; i += 8) {
    const values = await Promise.all(gone.slice(i, i + 8).map((k) => target.get(k)));
    for (const v of values) {
      const bucket = v === null ? null : SlugBucket.safeParse(JSON.parse(v));
      if (bucket?.success) for (const [slug, hash] of Object.entries(bucket.data)) old.set(slug, hash);
    }
  }
  const now = new Map<string, string>();
  for (const k of after) {
    if (before.has(k)) continue;
    for (const [slug, hash] of Object.entries(newBuckets.get(k) ?? {})) now.set(slug, hash);
  }
  const sorted = (xs: string[]) => xs.sort();
  return {
    added: sorted([...now.keys()].filter((s) => !old.has(s))),
    changed: sorted([...now.entries()].filter(([s, h]) => old.has(s) && old.get(s) !== h).map(([s]) => s)),
    removed: sorted([...old.keys()].filter((s) => !now.has(s))),
  };
}

/** Keeps the slug buckets a plan emits (the new side of articleChanges), passing every entry on. */
export function slugBucketsOf(emit: (e: KvEntry) => void | Promise<void>, into: Map<string, SlugBucket>) {
  return (e: KvEntry) => {
    if (e.key.startsWith(SLUGS_PREFIX) && typeof e.value === "string") {
      const bucket = SlugBucket.safeParse(JSON.parse(e.value));
      if (bucket.success) into.set(e.key, bucket.data);
    }
    return emit(e);
  };
}

/** The feeds whose content would change, as paths without their extension: "/feed", "/topics/kosovo/feed". */
export function changedFeeds(previous: Root | null, root: Root): string[] {
  return [...new Set(changedFeedUrls(previous, root, "").map((u) => u.replace(/\.(?:xml|atom|json)$/, "")))];
}

/** The preview's lines about articles and feeds, for the operator. */
export function describeChanges(
  changes: ArticleChanges | null,
  feeds: readonly string[],
  titles: ReadonlyMap<string, string>,
): string[] {
  const lines: string[] = [];
  if (changes) {
    const { added, changed, removed } = changes;
    lines.push(`  articles: ${added.length} added, ${changed.length} changed, ${removed.length} removed`);
    const title = (s: string) => (titles.has(s) ? `  ${titles.get(s)}` : "");
    for (const s of added) lines.push(`    + ${s}${title(s)}`);
    for (const s of changed) lines.push(`    ~ ${s}${title(s)}`);
    for (const s of removed) lines.push(`    - ${s}`);
  } else {
    lines.push(`  articles: too many changed to list one by one (over ${MAX_BUCKET_READS} slug buckets differ)`);
  }
  lines.push(
    feeds.length
      ? `  feeds that change (each as .xml, .atom and .json): ${feeds.join(", ")}`
      : "  feeds that change: none",
  );
  return lines;
}
