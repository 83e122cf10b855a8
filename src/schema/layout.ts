/**
 * Where the store's runs are cut, and what the index's terms are called: the
 * rules the deploy follows and the Worker relies on. Cuts depend on the
 * content at the cut (a hash), not on positions, so one changed article
 * changes the runs around it only. The sizes are recorded in each root, so a
 * test can publish tiny runs and the Worker reads whatever was written.
 * Pure; imports neither node:* nor cloudflare:*.
 */
import { z } from "zod";
import { fnv1a } from "./hash.js";

export const Layout = z.object({
  /** Articles per segment, on average (a cut where a slug's hash is 0 modulo this). */
  segmentTarget: z.number().int().min(1),
  /** Most articles in one segment. */
  segmentMax: z.number().int().min(1).max(65_536),
  /** Bytes per index part, on average (past partMin). */
  partTarget: z.number().int().min(16),
  /** Fewest bytes in an index part before it may be cut (but at a term's end, the corpus's end). */
  partMin: z.number().int().min(0),
  /** Most bytes in one index part (a part is cut once it reaches this). */
  partMax: z.number().int().min(16),
  /** Articles per slug bucket, at most on average. */
  slugsPerBucket: z.number().int().min(1),
});
export type Layout = z.infer<typeof Layout>;

export const DEFAULT_LAYOUT: Layout = {
  segmentTarget: 512,
  segmentMax: 2048,
  partTarget: 32 * 1024,
  partMin: 48 * 1024,
  partMax: 128 * 1024,
  slugsPerBucket: 512,
};

/** Whether the article (oldest first, `length` articles in its segment so far, itself included) ends its segment. */
export function endsSegment(slug: string, length: number, layout: Layout): boolean {
  return length >= layout.segmentMax || fnv1a(`segment\u0000${slug}`) % layout.segmentTarget === 0;
}

/**
 * Whether an index part ends after this entry (the postings of `term` in
 * segment `sid`, `entryBytes` long), the part being `partBytes` long with it.
 * Past partMin, a cut where the entry's hash falls below its share of the
 * target size (an expected partTarget bytes more, whatever the entry sizes);
 * always at partMax. A change moves the cuts around it only, until the next
 * cut that depends on content alone.
 */
export function endsPart(term: string, sid: number, entryBytes: number, partBytes: number, layout: Layout): boolean {
  if (partBytes >= layout.partMax) return true;
  if (partBytes < layout.partMin) return false;
  return fnv1a(`${term}\u0000${sid}`) / 4294967296 < entryBytes / layout.partTarget;
}

/** How many slug buckets a corpus of `articles` has: a power of two, at least 1. */
export function slugBucketCount(articles: number, layout: Layout): number {
  let n = 1;
  while (n * layout.slugsPerBucket < articles) n *= 2;
  return n;
}

/** The bucket of a slug among `count` buckets (a power of two). */
export const slugBucket = (slug: string, count: number): number => fnv1a(slug) & (count - 1);

/** The index term of a topic, and of a word (as shared/text.ts indexWords gives it). */
export const topicTerm = (slug: string): string => `t:${slug}`;
export const wordTerm = (word: string): string => `w:${word}`;

/** The order of terms in the index: UTF-16 code units. */
export const compareTerms = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
