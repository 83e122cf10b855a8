/**
 * Groups articles that report the same story, at deploy time, without
 * comparing every pair: candidates come from an index (articles sharing a
 * MinHash LSH band, or two rare names), and each candidate pair is checked:
 * - a copy, an excerpt or an edited version shares a large part of the
 *   lead's 5-gram shingles (the lead: boilerplate at the end is not the story);
 * - a rewrite of the same event shares the rare names of both articles and
 *   also a figure or a quotation, within a few days.
 * Accepted links join stories (union-find). A story's id is its earliest
 * article's (by date, then key), so it holds while coverage grows.
 */
import { type StoryFeatures, sharedCount } from "./features.js";

/** Share of either article's lead shingles a copy, excerpt or edit shares with the other. */
export const COPY_CONTAINMENT = 0.3;
/** Share of the rarer names' weight two rewrites of one event share. */
export const REWRITE_NAME_SHARE = 0.4;
/** Figures or quotations two rewrites of one event share, at least. */
export const REWRITE_FACTS = 2;
/** Quotation 6-grams that, shared, show one event retold (with REWRITE_QUOTED_NAME_SHARE of the names). */
export const REWRITE_QUOTES = 3;
export const REWRITE_QUOTED_NAME_SHARE = 0.2;
/** Rare names and figures (or quotations) a rewrite by another outlet shares, without the name share. */
export const REWRITE_RARE_NAMES = 5;
export const REWRITE_RARE_FACTS = 3;
/** Names two rewrites share, at least (the index pairs articles sharing two rare names). */
export const REWRITE_MIN_NAMES = 2;
/** Days apart two dated rewrites of one event may be, at most. */
export const REWRITE_DAYS = 3;
/** Articles a name may be in and still be rare. */
const RARE_NAME_ARTICLES = 8;
/** Links an article needs before it is checked for being a hub. */
const HUB_LINKS = 3;
/** An LSH bucket or name posting larger than this says nothing about one story. */
const MAX_POSTING = 64;

export interface StoryLink {
  a: string;
  b: string;
  kind: "copy" | "rewrite";
  /** The larger share of either article's lead shingles found in the other. */
  containment: number;
  sharedNames: string[];
  sharedNumbers: string[];
  sharedQuotes: number;
}

export interface Story {
  /** The key of its earliest article. */
  id: string;
  /** Keys, earliest first. */
  members: string[];
  links: StoryLink[];
}

function pairKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

/** Candidate pairs: a shared LSH band, or at least two shared rare names. */
function candidates(docs: readonly StoryFeatures[]): Set<number> {
  const n = docs.length;
  const out = new Set<number>();
  const bands = new Map<string, number[]>();
  const names = new Map<string, number[]>();
  for (const [i, d] of docs.entries()) {
    for (const b of d.bands) {
      const list = bands.get(b) ?? [];
      if (list.length <= MAX_POSTING) list.push(i);
      bands.set(b, list);
    }
    for (const name of d.names) {
      const list = names.get(name) ?? [];
      if (list.length <= MAX_POSTING) list.push(i);
      names.set(name, list);
    }
  }
  for (const list of bands.values()) {
    if (list.length > MAX_POSTING) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) out.add(pairKey(list[x] as number, list[y] as number, n));
  }
  const sharedNames = new Map<number, number>();
  for (const list of names.values()) {
    if (list.length < 2 || list.length > MAX_POSTING) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const k = pairKey(list[x] as number, list[y] as number, n);
        const c = (sharedNames.get(k) ?? 0) + 1;
        sharedNames.set(k, c);
        if (c === 2) out.add(k);
      }
  }
  return out;
}

/** The weight above which a name is rare: in at most RARE_NAME_ARTICLES articles (or 1 in 1,000 of a large corpus). */
export function rareNameWeight(articles: number): number {
  return Math.log((articles + 1) / Math.max(RARE_NAME_ARTICLES, articles / 1000));
}

/** How rare each name is in the corpus: log(N / articles naming it). */
export function nameWeights(docs: readonly StoryFeatures[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const name of d.names) df.set(name, (df.get(name) ?? 0) + 1);
  const w = new Map<string, number>();
  for (const [name, n] of df) w.set(name, Math.log((docs.length + 1) / n));
  return w;
}

function weightOf(names: Iterable<string>, w: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const name of names) s += w.get(name) ?? 0;
  return s;
}

/** The link between two articles, if they report one story. */
export function linkOf(
  a: StoryFeatures,
  b: StoryFeatures,
  w: ReadonlyMap<string, number>,
  rareWeight = Number.POSITIVE_INFINITY,
): StoryLink | null {
  // how much of either article's lead the other holds: a copy, an excerpt or an edit keeps the lead
  const leadShare = (x: StoryFeatures, y: StoryFeatures) =>
    x.lead.length ? sharedCount(x.lead, y.shingles) / x.lead.length : 0;
  const containment = Math.max(leadShare(a, b), leadShare(b, a));
  const sharedNames = [...a.names].filter((x) => b.names.has(x));
  const sharedNumbers = [...a.numbers].filter((x) => b.numbers.has(x));
  let sharedQuotes = 0;
  for (const q of a.quotes) if (b.quotes.has(q)) sharedQuotes++;
  const base = { a: a.key, b: b.key, containment, sharedNames, sharedNumbers, sharedQuotes };
  if (containment >= COPY_CONTAINMENT) return { ...base, kind: "copy" };
  const nameShare = weightOf(sharedNames, w) / Math.max(1e-9, Math.min(weightOf(a.names, w), weightOf(b.names, w)));
  // the same quotations, at length, and some of the same names: the same event retold
  // a rewrite shares at least two names: the candidate index finds every such pair
  if (sharedNames.length < REWRITE_MIN_NAMES) return null;
  if (sharedQuotes >= REWRITE_QUOTES && nameShare >= REWRITE_QUOTED_NAME_SHARE) return { ...base, kind: "rewrite" };
  if (a.day !== null && b.day !== null && Math.abs(a.day - b.day) > REWRITE_DAYS) return null;
  const facts = sharedNumbers.length + Math.min(sharedQuotes, 3);
  if (nameShare >= REWRITE_NAME_SHARE && facts >= REWRITE_FACTS) return { ...base, kind: "rewrite" };
  // many of the same rare names and many of the same figures: one event told by another outlet
  const rare = sharedNames.filter((x) => (w.get(x) ?? 0) >= rareWeight).length;
  if (rare >= REWRITE_RARE_NAMES && facts >= REWRITE_RARE_FACTS) return { ...base, kind: "rewrite" };
  return null;
}

export function groupStories(docs: readonly StoryFeatures[]): Story[] {
  const n = docs.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const w = nameWeights(docs);
  const rareWeight = rareNameWeight(n);
  const found: { i: number; j: number; link: StoryLink }[] = [];
  const neighbours = new Map<number, Set<number>>();
  for (const k of candidates(docs)) {
    const i = Math.floor(k / n);
    const j = k % n;
    const link = linkOf(docs[i] as StoryFeatures, docs[j] as StoryFeatures, w, rareWeight);
    if (!link) continue;
    found.push({ i, j, link });
    for (const [x, y] of [
      [i, j],
      [j, i],
    ] as const) {
      const set = neighbours.get(x) ?? new Set<number>();
      set.add(y);
      neighbours.set(x, set);
    }
  }
  // A hub: an article linked to several others that are not linked to one another is
  // furniture they share (a company's boilerplate), not their story; its links are dropped.
  const hubs = new Set<number>();
  for (const [x, set] of neighbours) {
    if (set.size < HUB_LINKS) continue;
    const list = [...set];
    let pairs = 0;
    let linked = 0;
    for (let p = 0; p < list.length; p++)
      for (let q = p + 1; q < list.length; q++) {
        pairs++;
        if (neighbours.get(list[p] as number)?.has(list[q] as number)) linked++;
      }
    if (linked < pairs / 2) hubs.add(x);
  }
  const kept: { i: number; link: StoryLink }[] = [];
  for (const { i, j, link } of found) {
    if (hubs.has(i) || hubs.has(j)) continue;
    kept.push({ i, link });
    parent[find(i)] = find(j);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = groups.get(r);
    if (list) list.push(i);
    else groups.set(r, [i]);
  }
  const linksOf = new Map<number, StoryLink[]>();
  for (const { i, link } of kept) {
    const r = find(i);
    const list = linksOf.get(r);
    if (list) list.push(link);
    else linksOf.set(r, [link]);
  }
  const earliest = (x: number, y: number) => {
    const a = docs[x] as StoryFeatures;
    const b = docs[y] as StoryFeatures;
    return (a.day ?? Number.MAX_SAFE_INTEGER) - (b.day ?? Number.MAX_SAFE_INTEGER) || (a.key < b.key ? -1 : 1);
  };
  const stories: Story[] = [];
  for (const [root, members] of groups) {
    members.sort(earliest);
    const keys = members.map((m) => (docs[m] as StoryFeatures).key);
    stories.push({ id: keys[0] as string, members: keys, links: linksOf.get(root) ?? [] });
  }
  return stories.sort((x, y) => (x.id < y.id ? -1 : 1));
}
