/**
 * One version of the corpus as the Worker reads it: the root, checked, with
 * what requests look up in it computed once (segment starts, topic names,
 * where a term's parts are, where an order key falls), for each of its two
 * collections: the articles (RootView itself) and the stories
 * (`RootView.stories`). Positions are indexes in a collection's order read
 * oldest first (0 = the oldest entry).
 */
import { partKey, segmentKey, segmentKeysKey, slugsKey } from "../schema/keys.js";
import { compareTerms, slugBucket } from "../schema/layout.js";
import { compareFeedOrder, type OrderKey } from "../schema/order.js";
import type { PartEntry, Root, SegmentEntry, SegmentRows, StoryScope, TopicEntry } from "../schema/store.js";

/** One collection (the articles or the stories): its segments and its index parts. */
export class CollectionView {
  /** Per segment, oldest first: its id, its size and the position of its oldest entry. */
  readonly sids: number[];
  readonly counts: number[];
  readonly starts: number[];
  readonly size: number;

  constructor(
    readonly segments: readonly SegmentEntry[],
    readonly parts: readonly PartEntry[],
  ) {
    this.sids = segments.map((s) => s[0]);
    this.counts = segments.map((s) => s[1]);
    this.starts = [];
    let at = 0;
    for (const n of this.counts) {
      this.starts.push(at);
      at += n;
    }
    this.size = at;
  }

  get segmentCount(): number {
    return this.counts.length;
  }

  rowsKey(segment: number): string {
    return segmentKey((this.segments[segment] as SegmentEntry)[3]);
  }

  keysKey(segment: number): string {
    return segmentKeysKey((this.segments[segment] as SegmentEntry)[3]);
  }

  /** The segment holding position `index` (0 ≤ index < size). */
  segmentOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether the oldest article of `segment` comes at or before `key` reading oldest first. */
  #startsAtOrBefore(segment: number, key: OrderKey): boolean {
    const [, , ms, , slug] = this.segments[segment] as SegmentEntry;
    if (ms !== key.ms) return ms < key.ms;
    // no slug: no article of this instant is in an older segment, so the key belongs here or later
    if (slug === null) return true;
    return compareFeedOrder({ ms, slug }, key) >= 0;
  }

  /**
   * The segment whose rows decide how many articles are older than `key`, or
   * -1 when every article is newer than it (none is older).
   */
  segmentFor(key: OrderKey): number {
    let lo = -1;
    let hi = this.counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#startsAtOrBefore(mid, key)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** How many articles come after `key` in a feed (are older), `orEqual` counting an article at the key itself. */
  olderThan(key: OrderKey, rows: ReadonlyMap<number, SegmentRows>, orEqual = false): number {
    const segment = this.segmentFor(key);
    if (segment < 0) return 0;
    const r = rows.get(segment);
    if (!r) throw new Error(`rows of segment ${segment} were not read`);
    let n = 0;
    for (let i = 0; i < r.ms.length; i++) {
      const c = compareFeedOrder({ ms: r.ms[i] as number, slug: r.slugs[i] as string }, key);
      if (c > 0 || (orEqual && c === 0)) n++;
    }
    return (this.starts[segment] as number) + n;
  }

  /** Keys of the index parts that may hold postings of `term`: from the last part starting before it to the last starting with it. */
  partsFor(term: string): string[] {
    const parts = this.parts;
    let lo = 0;
    let hi = parts.length;
    // first part whose first term is >= term
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareTerms((parts[mid] as PartEntry)[0], term) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    if (lo > 0) out.push(partKey((parts[lo - 1] as PartEntry)[1]));
    for (let i = lo; i < parts.length && (parts[i] as PartEntry)[0] === term; i++)
      out.push(partKey((parts[i] as PartEntry)[1]));
    return out;
  }
}

/** A version of the corpus: its articles (this collection), its stories, its topics and slug buckets. */
export class RootView extends CollectionView {
  readonly names: ReadonlyMap<string, string>;
  readonly topicsBySlug: ReadonlyMap<string, TopicEntry>;
  readonly stories: CollectionView;
  /** Each topic's share of the story feeds (count, Last-Modified). */
  readonly storyScopes: ReadonlyMap<string, StoryScope>;

  constructor(
    readonly version: string,
    readonly root: Root,
  ) {
    super(root.segments, root.parts);
    this.names = new Map(root.topics.map((t) => [t.slug, t.name]));
    this.topicsBySlug = new Map(root.topics.map((t) => [t.slug, t]));
    this.stories = new CollectionView(root.stories.segments, root.stories.parts);
    this.storyScopes = new Map(root.stories.topics.map((t) => [t.slug, t]));
  }

  /** Key of the slug bucket that would hold `slug`, or null when that bucket is empty. */
  slugBucketKey(slug: string): string | null {
    const h = this.root.slugBuckets[slugBucket(slug, this.root.slugBuckets.length)];
    return h ? slugsKey(h) : null;
  }
}
