/**
 * Groups articles that report the same story, at deploy time, without
 * comparing every pair. Two articles are linked when linkKind says so:
 * - copy: a copy, an excerpt or an edited version shares a large part of its
 *   lead with the other's lead (lead against lead: furniture and sidebars in
 *   the middle of a page are not the story), and the two share an LSH band
 *   of their leads' MinHash sketches in a bucket of at most maxBucket(N)
 *   articles;
 *   (and, against shared furniture, their titles and first words agree a little);
 * - rewrite: another outlet's account of the same event shares at least
 *   REWRITE_MIN_NAMES rare names (a name in 2 to maxNameDocs(N) articles),
 *   and either REWRITE_QUOTES quotation 6-grams, or, when the days their
 *   texts give (if both do) are at most REWRITE_DAYS apart, enough agreement
 *   (agreementOf): idf-weighted cosines of title-and-lead words, of names and
 *   of the whole texts' most frequent other words, and how much of each
 *   title the other tells (REWRITE_AGREEMENT), or, when both texts give the
 *   same day, the same without the names (wordAgreementOf,
 *   REWRITE_SAME_DAY_WORDS: on one day the same people are in several
 *   stories, and the words must tell which).
 * The band bucket cap and the rare-name cap are part of the predicate, so the
 * index is complete for it by construction: a copy link needs a shared band
 * in a bucket the index lists, a rewrite link two names the index lists. The
 * grouper finds exactly the links a comparison of every pair with linkKind
 * finds (test/node/stories-oracle.test.ts checks it against brute force).
 * Linked articles join one story (union-find); a story's id is its earliest
 * article's key (by day, then key), so it holds while coverage grows.
 *
 * Memory: features are packed (./pack.ts); document frequencies are counted
 * in typed open-addressing hash tables (no sorted copy of a pool), one at a
 * time, each dropped once its idf weights (Uint8, one per pool entry) are
 * computed; the indexes are postings in CSR form in typed arrays, sized
 * exactly; a story's members and links, and a link's names and figures, are
 * arrays sized exactly, and a label made for a hash is shared by every link.
 * groupInputs streams: each input's features are packed as it arrives and
 * the input is not kept.
 */
import { BANDS, compactStoryFeatures, type StoryFeatures, type StoryInput, sharedCount } from "./features.js";
import { StoryPack } from "./pack.js";

/** Share of the shorter lead's 5-grams a copy, excerpt or edit shares with the other's lead. */
export const COPY_CONTAINMENT = 0.3;
/** Lead fingerprints (half its 5-grams) the shorter lead needs for a copy link (a title and a line say nothing). */
export const COPY_MIN_LEAD = 6;
/** A copy's first words agree too (term cosine of title and lead): shared furniture inside two leads is not a copy. */
export const COPY_MIN_TERMS = 0.1;
/** Rare names two rewrites share, at least (the index pairs articles sharing two). */
export const REWRITE_MIN_NAMES = 2;
/** Days apart two dated rewrites of one event may be, at most. */
export const REWRITE_DAYS = 3;

export interface StoryLink {
  a: string;
  b: string;
  kind: "copy" | "rewrite";
  /** The share of the shorter lead's 5-grams found in the other's lead. */
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

/** Articles an LSH bucket may hold and still be an index entry (a larger one is shared furniture). */
export function maxBucket(articles: number): number {
  return Math.max(32, Math.ceil(articles / 20_000));
}

/** Articles a name may be in and still be rare (indexed). */
export function maxNameDocs(articles: number): number {
  return Math.max(64, Math.ceil(articles / 2_000));
}

/** Sorted distinct values and how many times each occurs. */
interface Frequencies {
  keys: Uint32Array;
  counts: Uint32Array;
}

/**
 * How many times each value occurs, in an open-addressing hash table (no
 * sorted copy of the values: the table holds the distinct values only).
 */
class Counts {
  keys = new Uint32Array(1 << 12);
  /** 0: an empty slot. */
  counts = new Uint32Array(1 << 12);
  size = 0;
  /** 32 − log2 of the table's size: a slot is the top bits of a multiplicative hash. */
  private shift = 20;

  private slot(v: number): number {
    const mask = this.keys.length - 1;
    let h = Math.imul(v, 0x9e3779b1) >>> this.shift;
    while (this.counts[h] !== 0 && this.keys[h] !== v) h = (h + 1) & mask;
    return h;
  }

  add(values: Uint32Array): this {
    for (let p = 0; p < values.length; p++) {
      const v = values[p] as number;
      let h = this.slot(v);
      if (this.counts[h] === 0) {
        if (2 * (this.size + 1) > this.keys.length) {
          this.grow();
          h = this.slot(v);
        }
        this.keys[h] = v;
        this.size++;
      }
      this.counts[h] = (this.counts[h] as number) + 1;
    }
    return this;
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.shift--;
    for (let h = 0; h < keys.length; h++)
      if (counts[h] !== 0) {
        const s = this.slot(keys[h] as number);
        this.keys[s] = keys[h] as number;
        this.counts[s] = counts[h] as number;
      }
  }

  get(v: number): number {
    return this.counts[this.slot(v)] as number;
  }

  /** The distinct values, sorted, with their counts. */
  sorted(): Frequencies {
    const keys = new Uint32Array(this.size);
    let u = 0;
    for (let h = 0; h < this.keys.length; h++) if (this.counts[h] !== 0) keys[u++] = this.keys[h] as number;
    keys.sort();
    const counts = new Uint32Array(this.size);
    for (let k = 0; k < u; k++) counts[k] = this.get(keys[k] as number);
    return { keys, counts };
  }
}

function indexOf(keys: Uint32Array, v: number): number {
  return indexIn(keys, 0, keys.length, v);
}

/** The position of v in keys[from..to) (sorted), or -1. */
function indexIn(keys: Uint32Array, from: number, to: number, v: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = keys[mid] as number;
    if (x === v) return mid;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Postings (CSR) of the keys occurring 2 to cap times; key index u's docs are docs[offsets[u]..offsets[u+1]). */
interface Postings {
  keys: Uint32Array;
  offsets: Uint32Array;
  docs: Uint32Array;
}

/** Corpus statistics and indexes linkKind and the grouper share. */
export interface StoryIndex {
  articles: number;
  nameCap: number;
  bucketCap: number;
  /** idf × 16 (Uint8) of each entry of the pack's pools, looked up once. */
  nameWeights: Uint8Array;
  termWeights: Uint8Array;
  titleWeights: Uint8Array;
  salientWeights: Uint8Array;
  namePostings: Postings;
  /** For each name in the pack's names pool: 1 when it is rare (in 2 to nameCap articles). */
  rareAt: Uint8Array;
  /** Each band's buckets of 2 to bucketCap articles. */
  bandPostings: Postings[];
}

function namePostings(pack: StoryPack, names: Frequencies, cap: number, rareAt: Uint8Array): Postings {
  const u = names.keys.length;
  const offsets = new Uint32Array(u + 1);
  for (let k = 0; k < u; k++) {
    const c = names.counts[k] as number;
    offsets[k + 1] = (offsets[k] as number) + (c >= 2 && c <= cap ? c : 0);
  }
  const docs = new Uint32Array(offsets[u] as number);
  const fill = offsets.slice(0, u);
  const data = pack.names.data;
  for (let i = 0; i < pack.size; i++)
    for (let p = pack.names.start(i); p < pack.names.end(i); p++) {
      const k = indexOf(names.keys, data[p] as number);
      const c = names.counts[k] as number;
      if (c >= 2 && c <= cap) {
        rareAt[p] = 1;
        docs[fill[k] as number] = i;
        fill[k] = (fill[k] as number) + 1;
      }
    }
  return { keys: names.keys, offsets, docs };
}

/** The end of the run of sorted (key, article) pairs with the key of pair s. */
function bucketEnd(sorted: Float64Array, s: number, m: number): number {
  const key = Math.floor((sorted[s] as number) / 2 ** 21);
  let e = s + 1;
  while (e < m && Math.floor((sorted[e] as number) / 2 ** 21) === key) e++;
  return e;
}

/** Each band's buckets of 2 to cap articles: (key, article) packed in a double, 32 + 21 bits, sorted natively. */
function bandPostings(pack: StoryPack, cap: number): Postings[] {
  const n = pack.size;
  const pairs = new Float64Array(n);
  const out: Postings[] = [];
  for (let b = 0; b < BANDS; b++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (pack.hasBands[i]) pairs[m++] = (pack.bands[i * BANDS + b] as number) * 2 ** 21 + i;
    const sorted = pairs.subarray(0, m).sort();
    // two passes over the sorted pairs: count the listed buckets, then fill typed arrays of that size
    let u = 0;
    let d = 0;
    for (let s = 0; s < m; ) {
      const e = bucketEnd(sorted, s, m);
      if (e - s >= 2 && e - s <= cap) {
        u++;
        d += e - s;
      }
      s = e;
    }
    const keys = new Uint32Array(u);
    const offsets = new Uint32Array(u + 1);
    const docs = new Uint32Array(d);
    u = 0;
    d = 0;
    for (let s = 0; s < m; ) {
      const e = bucketEnd(sorted, s, m);
      if (e - s >= 2 && e - s <= cap) {
        keys[u++] = Math.floor((sorted[s] as number) / 2 ** 21);
        for (let q = s; q < e; q++) docs[d++] = (sorted[q] as number) % 2 ** 21;
        offsets[u] = d;
      }
      s = e;
    }
    out.push({ keys, offsets, docs });
  }
  return out;
}

/** The caps (tests set small ones to exercise them; by default maxBucket and maxNameDocs of the corpus size). */
export interface IndexCaps {
  bucketCap?: number;
  nameCap?: number;
}

export function storyIndex(pack: StoryPack, caps: IndexCaps = {}): StoryIndex {
  if (pack.size >= 2 ** 21) throw new Error(`the story grouper takes at most ${2 ** 21 - 1} articles`);
  const bucketCap = caps.bucketCap ?? maxBucket(pack.size);
  const nameCap = caps.nameCap ?? maxNameDocs(pack.size);
  const articles = pack.size;
  const bands = bandPostings(pack, bucketCap);
  // one frequency table at a time, each dropped once its weights are computed
  let nameCounts: Counts | null = new Counts().add(pack.names.values());
  const nameWeights = weightsOf(pack.names.values(), nameCounts, articles);
  const names = nameCounts.sorted();
  nameCounts = null;
  const rareAt = new Uint8Array(pack.names.length);
  const namePosts = namePostings(pack, names, nameCap, rareAt);
  let terms: Counts | null = new Counts().add(pack.terms.values());
  const termWeights = weightsOf(pack.terms.values(), terms, articles);
  const titleWeights = weightsOf(pack.titleTerms.values(), terms, articles);
  terms = null;
  const salientWeights = weightsOf(pack.salient.values(), new Counts().add(pack.salient.values()), articles);
  return {
    articles,
    nameCap,
    bucketCap,
    nameWeights,
    termWeights,
    titleWeights,
    salientWeights,
    namePostings: namePosts,
    rareAt,
    bandPostings: bands,
  };
}

/** Smoothed idf: as if beside a background of IDF_BACKGROUND articles (a small corpus says little about rarity). */
export const IDF_BACKGROUND = 100;
const idf = (articles: number, df: number) => Math.log((articles + IDF_BACKGROUND) / (Math.max(1, df) + 1));

/** idf × 16, rounded, of each value (looked up in the frequencies once). */
function weightsOf(values: Uint32Array, f: Counts, articles: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let p = 0; p < values.length; p++)
    out[p] = Math.min(255, Math.round(16 * idf(articles, f.get(values[p] as number))));
  return out;
}

/** Whether two articles share an LSH band whose bucket the index lists (2 to bucketCap articles). */
export function sharesBand(pack: StoryPack, index: StoryIndex, i: number, j: number): boolean {
  if (!pack.hasBands[i] || !pack.hasBands[j]) return false;
  const bands = pack.bands;
  for (let b = 0, x = i * BANDS, y = j * BANDS; b < BANDS; b++, x++, y++)
    if (bands[x] === bands[y] && indexOf((index.bandPostings[b] as Postings).keys, bands[x] as number) >= 0)
      return true;
  return false;
}

/** Everything linkKind weighs, for one pair. */
export interface PairEvidence {
  containment: number;
  shorterLead: number;
  rareNames: number;
  /** Weight of the shared names over the smaller of the two articles' name weights. */
  nameShare: number;
  /** idf-weighted cosine of the names. */
  nameCosine: number;
  /** idf-weighted cosine of title-and-lead words. */
  termCosine: number;
  /** tf-idf cosine of the two texts' most frequent content words. */
  salientCosine: number;
  /** The smaller share (idf-weighted) of either title's words found in the other's title and lead. */
  titleCover: number;
  numbers: number;
  quotes: number;
  /** Days apart, or null when either text gives no day. */
  days: number | null;
}

function weightedOverlap(
  pool: { data: Uint32Array; offsets: Uint32Array },
  weights: Uint8Array,
  i: number,
  j: number,
): { shared: number; wi: number; wj: number; sq: number; sqi: number; sqj: number } {
  const d = pool.data;
  let a = pool.offsets[i] as number;
  const a1 = pool.offsets[i + 1] as number;
  let b = pool.offsets[j] as number;
  const b1 = pool.offsets[j + 1] as number;
  let shared = 0;
  let wi = 0;
  let wj = 0;
  let sq = 0;
  let sqi = 0;
  let sqj = 0;
  for (let k = a; k < a1; k++) {
    const w = (weights[k] as number) / 16;
    wi += w;
    sqi += w * w;
  }
  for (let k = b; k < b1; k++) {
    const w = (weights[k] as number) / 16;
    wj += w;
    sqj += w * w;
  }
  while (a < a1 && b < b1) {
    const x = d[a] as number;
    const y = d[b] as number;
    if (x === y) {
      const w = (weights[a] as number) / 16;
      shared += w;
      sq += w * w;
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return { shared, wi, wj, sq, sqi, sqj };
}

function salientCosine(pack: StoryPack, index: StoryIndex, i: number, j: number): number {
  const p = pack.salient;
  const c = pack.salientCounts;
  let a = p.start(i);
  let b = p.start(j);
  let dot = 0;
  let na = 0;
  let nb = 0;
  const weights = index.salientWeights;
  const w = (k: number) => ((weights[k] as number) / 16) * Math.sqrt(c[k] as number);
  for (let k = a; k < p.end(i); k++) na += w(k) ** 2;
  for (let k = b; k < p.end(j); k++) nb += w(k) ** 2;
  while (a < p.end(i) && b < p.end(j)) {
    const x = p.data[a] as number;
    const y = p.data[b] as number;
    if (x === y) {
      dot += w(a) * w(b);
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export function pairEvidence(pack: StoryPack, index: StoryIndex, i: number, j: number): PairEvidence {
  const la = pack.lead.end(i) - pack.lead.start(i);
  const lb = pack.lead.end(j) - pack.lead.start(j);
  const shorterLead = Math.min(la, lb);
  const leadShared = sharedCount(
    pack.lead.data,
    pack.lead.data,
    pack.lead.start(i),
    pack.lead.end(i),
    pack.lead.start(j),
    pack.lead.end(j),
  );
  const rareNames = sharedRareNames(pack, index, i, j);
  const names = weightedOverlap(pack.names, index.nameWeights, i, j);
  const terms = weightedOverlap(pack.terms, index.termWeights, i, j);
  const cover = (x: number, y: number) => {
    const t = pack.titleTerms;
    let all = 0;
    let found = 0;
    for (let p = t.start(x); p < t.end(x); p++) {
      const v = t.data[p] as number;
      const w = (index.titleWeights[p] as number) / 16;
      all += w;
      if (indexIn(pack.terms.data, pack.terms.start(y), pack.terms.end(y), v) >= 0) found += w;
    }
    return all ? found / all : 0;
  };
  const di = pack.day(i);
  const dj = pack.day(j);
  return {
    containment: shorterLead ? leadShared / shorterLead : 0,
    shorterLead,
    rareNames,
    nameShare: names.shared / Math.max(1e-9, Math.min(names.wi, names.wj)),
    nameCosine: names.sq / Math.max(1e-9, Math.sqrt(names.sqi * names.sqj)),
    termCosine: terms.sq / Math.max(1e-9, Math.sqrt(terms.sqi * terms.sqj)),
    titleCover: Math.min(cover(i, j), cover(j, i)),
    salientCosine: salientCosine(pack, index, i, j),
    numbers: sharedCount(
      pack.numbers.data,
      pack.numbers.data,
      pack.numbers.start(i),
      pack.numbers.end(i),
      pack.numbers.start(j),
      pack.numbers.end(j),
    ),
    quotes: sharedCount(
      pack.quotes.data,
      pack.quotes.data,
      pack.quotes.start(i),
      pack.quotes.end(i),
      pack.quotes.start(j),
      pack.quotes.end(j),
    ),
    days: di === null || dj === null ? null : Math.abs(di - dj),
  };
}

/** Names both articles have that are rare: in 2 to nameCap articles (the ones the index lists). */
export function sharedRareNames(pack: StoryPack, index: StoryIndex, i: number, j: number): number {
  const { data, offsets } = pack.names;
  const rare = index.rareAt;
  let a = offsets[i] as number;
  const a1 = offsets[i + 1] as number;
  let b = offsets[j] as number;
  const b1 = offsets[j + 1] as number;
  let n = 0;
  while (a < a1 && b < b1) {
    const x = data[a] as number;
    const y = data[b] as number;
    if (x === y) {
      n += rare[a] as number;
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return n;
}

/**
 * Whether two articles report one story, and how: the predicate the index is
 * complete for. A copy needs a shared band the index lists, a rewrite
 * REWRITE_MIN_NAMES shared names the index lists.
 */
export function linkKind(pack: StoryPack, index: StoryIndex, i: number, j: number): "copy" | "rewrite" | null {
  const band = sharesBand(pack, index, i, j);
  const rewritable = sharedRareNames(pack, index, i, j) >= REWRITE_MIN_NAMES;
  if (!band && !rewritable) return null;
  const e = pairEvidence(pack, index, i, j);
  if (band && e.shorterLead >= COPY_MIN_LEAD && e.containment >= COPY_CONTAINMENT && e.termCosine >= COPY_MIN_TERMS)
    return "copy";
  return rewritable && rewriteEvidence(e) ? "rewrite" : null;
}

/** Quotation 6-grams that, shared with some of the names, show one event retold (whatever days the texts give). */
export const REWRITE_QUOTES = 3;
/** Agreement (see agreementOf) two accounts of one event reach. */
export const REWRITE_AGREEMENT = 1.45;
/**
 * Agreement of the words alone (wordAgreementOf) that two accounts dated the
 * same day reach: on one day, the same people are in several stories (a
 * meeting's other decisions, a court's ruling in the same city), so the names
 * count for nothing there, and the words must agree.
 */
export const REWRITE_SAME_DAY_WORDS = 0.85;

/**
 * How much two accounts agree: idf-weighted cosines of their title-and-lead
 * words, of their names and (counted three times) of their whole texts' most
 * frequent words other than names, plus how much of each title the other tells in its title
 * or lead. Another event with the same people and places shares the names
 * but not what the texts keep coming back to, nor the titles.
 */
export function agreementOf(e: PairEvidence): number {
  return wordAgreementOf(e) + e.nameCosine;
}

/** agreementOf without the names: title-and-lead words, titles and (three times) the most frequent other words. */
export function wordAgreementOf(e: PairEvidence): number {
  return e.termCosine + e.titleCover + 3 * e.salientCosine;
}

/**
 * The evidence that two accounts sharing rare names report one event, not
 * another event with the same people and places.
 */
export function rewriteEvidence(e: PairEvidence): boolean {
  // the same quotations at length, and some of the same names: one event retold, whatever days the texts give
  // (a page's date can be another article's, or the page's last update)
  if (e.quotes >= REWRITE_QUOTES && e.nameCosine >= 0.2) return true;
  if (e.days !== null && e.days > REWRITE_DAYS) return false;
  if (agreementOf(e) >= REWRITE_AGREEMENT) return true;
  // dated the same day: the words alone agree enough
  return e.days === 0 && wordAgreementOf(e) >= REWRITE_SAME_DAY_WORDS;
}

/**
 * Hash → the label a link shows for a name or figure the features carry no
 * text for ("#" and the hash in hex): made once per hash and shared by every
 * link that shows it (a string per link and hash would add up at a million
 * articles).
 */
type Unlabelled = Map<number, string>;

function labelOf(pack: StoryPack, unlabelled: Unlabelled, x: number): string {
  const label = pack.labels.get(x) ?? unlabelled.get(x);
  if (label !== undefined) return label;
  const made = `#${x.toString(16)}`;
  unlabelled.set(x, made);
  return made;
}

function shared(pack: StoryPack, pool: "names" | "numbers", i: number, j: number, unlabelled: Unlabelled): string[] {
  const p = pack[pool];
  // sized exactly (an array grown by push keeps room for 17 or more)
  const out = new Array<string>(sharedCount(p.data, p.data, p.start(i), p.end(i), p.start(j), p.end(j)));
  for (let a = p.start(i), b = p.start(j), k = 0; a < p.end(i) && b < p.end(j); ) {
    const x = p.data[a] as number;
    const y = p.data[b] as number;
    if (x === y) {
      out[k++] = labelOf(pack, unlabelled, x);
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return out;
}

function linkEvidence(
  pack: StoryPack,
  i: number,
  j: number,
  kind: "copy" | "rewrite",
  unlabelled: Unlabelled,
): StoryLink {
  const { lead, quotes } = pack;
  const shorter = Math.min(lead.end(i) - lead.start(i), lead.end(j) - lead.start(j));
  const leadShared = sharedCount(lead.data, lead.data, lead.start(i), lead.end(i), lead.start(j), lead.end(j));
  return {
    a: pack.keys[i] as string,
    b: pack.keys[j] as string,
    kind,
    containment: shorter ? leadShared / shorter : 0,
    sharedNames: shared(pack, "names", i, j, unlabelled),
    sharedNumbers: shared(pack, "numbers", i, j, unlabelled),
    sharedQuotes: sharedCount(quotes.data, quotes.data, quotes.start(i), quotes.end(i), quotes.start(j), quotes.end(j)),
  };
}

/** Union-find over article numbers. */
export class Partition {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    while (this.parent[i] !== r) {
      const next = this.parent[i] as number;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(i: number, j: number): void {
    const a = this.find(i);
    const b = this.find(j);
    if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
  }
}

/** Links found: pairs i < j, with their kinds (1 copy, 2 rewrite). */
export interface Links {
  i: Uint32Array;
  j: Uint32Array;
  kind: Uint8Array;
  length: number;
}

/**
 * The partition the links make: each article's story (its root), and the
 * members of each story of two or more, earliest article first, by root;
 * `sizes[root]` is left at 1 for an article alone and 0 for the others.
 */
function partitionOf(
  pack: StoryPack,
  links: Links,
): { roots: Int32Array; sizes: Int32Array; groups: Map<number, number[]> } {
  const n = pack.size;
  const part = new Partition(n);
  for (let k = 0; k < links.length; k++) part.union(links.i[k] as number, links.j[k] as number);
  const earliest = (x: number, y: number) => {
    const a = pack.days[x] as number;
    const b = pack.days[y] as number;
    const da = a === -0x80000000 ? Number.MAX_SAFE_INTEGER : a;
    const db = b === -0x80000000 ? Number.MAX_SAFE_INTEGER : b;
    const kx = pack.keys[x] as string;
    const ky = pack.keys[y] as string;
    return da - db || (kx < ky ? -1 : kx > ky ? 1 : 0);
  };
  const roots = new Int32Array(n);
  const sizes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = part.find(i);
    roots[i] = r;
    sizes[r] = (sizes[r] as number) + 1;
  }
  // most articles are alone: only stories of two or more go through the map
  const groups = new Map<number, number[]>();
  // each story's members in an array sized exactly (sizes counts down what is left to place)
  for (let i = 0; i < n; i++) {
    const r = roots[i] as number;
    let list = groups.get(r);
    if (!list) {
      if (sizes[r] === 1) continue;
      list = new Array<number>(sizes[r] as number);
      groups.set(r, list);
    }
    list[list.length - (sizes[r] as number)] = i;
    sizes[r] = (sizes[r] as number) - 1;
  }
  for (const members of groups.values()) members.sort(earliest);
  return { roots, sizes, groups };
}

/** Stories from the links found, earliest article first, with the evidence of each link (the CLI's, the tests'). */
export function storiesOf(pack: StoryPack, links: Links): Story[] {
  const n = pack.size;
  const { roots, sizes, groups } = partitionOf(pack, links);
  const stories: Story[] = [];
  for (let i = 0; i < n; i++) {
    if (sizes[roots[i] as number] !== 1) continue;
    const key = pack.keys[i] as string;
    stories.push({ id: key, members: [key], links: [] });
  }
  const linksOf = new Map<number, StoryLink[]>();
  const unlabelled: Unlabelled = new Map();
  // each story's links in an array sized exactly: counted first (sizes is 0 at every story of two or more)
  for (let k = 0; k < links.length; k++) {
    const r = roots[links.i[k] as number] as number;
    sizes[r] = (sizes[r] as number) + 1;
  }
  for (let k = 0; k < links.length; k++) {
    const i = links.i[k] as number;
    const r = roots[i] as number;
    const link = linkEvidence(pack, i, links.j[k] as number, links.kind[k] === 1 ? "copy" : "rewrite", unlabelled);
    let list = linksOf.get(r);
    if (!list) {
      list = new Array<StoryLink>(sizes[r] as number);
      linksOf.set(r, list);
    }
    list[list.length - (sizes[r] as number)] = link;
    sizes[r] = (sizes[r] as number) - 1;
  }
  for (const [root, members] of groups) {
    const keys = members.map((m) => pack.keys[m] as string);
    stories.push({ id: keys[0] as string, members: keys, links: linksOf.get(root) ?? [] });
  }
  return stories.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * The members of each story of two or more articles, earliest first, in
 * storiesOf's order: all the deploy needs. Without the links' evidence and
 * an object per article alone, which at a million articles would be
 * hundreds of MiB made while the features and their index are still held.
 */
export function sharedStoriesOf(pack: StoryPack, links: Links): string[][] {
  const out = [...partitionOf(pack, links).groups.values()].map((members) =>
    members.map((m) => pack.keys[m] as string),
  );
  // by id, their first member's key
  return out.sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1));
}

/** Every link linkKind accepts, found through the index: pairs i < j. */
export function findLinks(pack: StoryPack, index: StoryIndex): Links {
  const n = pack.size;
  const stamp = new Int32Array(n).fill(-1);
  const nameHits = new Uint8Array(n);
  const bandHit = new Uint8Array(n);
  const touched: number[] = [];
  let li = new Uint32Array(1024);
  let lj = new Uint32Array(1024);
  let lk = new Uint8Array(1024);
  let length = 0;
  const np = index.namePostings;
  const nd = pack.names.data;
  const touch = (j: number, i: number) => {
    if (stamp[j] !== i) {
      stamp[j] = i;
      nameHits[j] = 0;
      bandHit[j] = 0;
      touched.push(j);
    }
  };
  for (let i = 0; i < n; i++) {
    touched.length = 0;
    for (let p = pack.names.start(i); p < pack.names.end(i); p++) {
      const k = indexOf(np.keys, nd[p] as number);
      for (let q = np.offsets[k] as number; q < (np.offsets[k + 1] as number); q++) {
        const j = np.docs[q] as number;
        if (j <= i) continue;
        touch(j, i);
        if ((nameHits[j] as number) < 255) nameHits[j] = (nameHits[j] as number) + 1;
      }
    }
    if (pack.hasBands[i])
      for (let b = 0; b < BANDS; b++) {
        const bp = index.bandPostings[b] as Postings;
        const k = indexOf(bp.keys, pack.bands[i * BANDS + b] as number);
        if (k < 0) continue;
        for (let q = bp.offsets[k] as number; q < (bp.offsets[k + 1] as number); q++) {
          const j = bp.docs[q] as number;
          if (j <= i) continue;
          touch(j, i);
          bandHit[j] = 1;
        }
      }
    for (const j of touched) {
      if (!bandHit[j] && (nameHits[j] as number) < REWRITE_MIN_NAMES) continue;
      const kind = linkKind(pack, index, i, j);
      if (!kind) continue;
      if (length === li.length) {
        const ni = new Uint32Array(length * 2);
        const nj = new Uint32Array(length * 2);
        const nk = new Uint8Array(length * 2);
        ni.set(li);
        nj.set(lj);
        nk.set(lk);
        li = ni;
        lj = nj;
        lk = nk;
      }
      li[length] = i;
      lj[length] = j;
      lk[length] = kind === "copy" ? 1 : 2;
      length++;
    }
  }
  return { i: li, j: lj, kind: lk, length };
}

export function groupPack(pack: StoryPack, caps: IndexCaps = {}): Story[] {
  pack.trim();
  const index = storyIndex(pack, caps);
  return storiesOf(pack, findLinks(pack, index));
}

/** groupPack's stories of two or more articles, their members only (sharedStoriesOf): the deploy's grouping. */
export function sharedGroupsOfPack(pack: StoryPack, caps: IndexCaps = {}): string[][] {
  pack.trim();
  const index = storyIndex(pack, caps);
  return sharedStoriesOf(pack, findLinks(pack, index));
}

/** Groups features computed beforehand (tests, the CLI). */
export function groupStories(features: readonly StoryFeatures[]): Story[] {
  const pack = new StoryPack();
  for (const f of features) pack.push(f);
  return groupPack(pack);
}

/**
 * The deploy's entry point: features are computed as each input arrives and
 * packed; the inputs are not kept.
 */
export function groupInputs(inputs: Iterable<StoryInput>): Story[] {
  const pack = new StoryPack();
  for (const input of inputs) pack.push(compactStoryFeatures(input));
  return groupPack(pack);
}
