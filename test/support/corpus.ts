/**
 * Corpora for tests, built by the real build and plan code: the fixture corpus
 * (test/fixtures/content, fixed dates) and the real one (content/).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus, type Corpus } from "../../src/ingest/corpus.js";
import { type Plan, planInMemory } from "../../src/publish/plan.js";
import { StoryPlan } from "../../src/publish/story-store.js";
import { MANIFEST_KEY } from "../../src/schema/keys.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURE_CONTENT = join(ROOT, "test/fixtures/content");
export const REAL_CONTENT = join(ROOT, "content");
/** The build time of test corpora: the first-published date of articles no ledger knows. */
export const FIXED_NOW = "2026-01-01T00:00:00.000Z";

export function buildCorpusFixture(contentDir = FIXTURE_CONTENT, now = FIXED_NOW): Corpus {
  return buildCorpus({ contentDir, now });
}

export async function buildFixture(
  contentDir = FIXTURE_CONTENT,
  now = FIXED_NOW,
): Promise<{ corpus: Corpus; plan: Plan }> {
  const corpus = buildCorpus({ contentDir, now });
  // the fixture's articles are each a story of their own, whatever the grouper finds (tests that are
  // about stories give their grouping); a real corpus (content/) is grouped as the deploy groups it
  const stories = contentDir === FIXTURE_CONTENT ? { stories: new StoryPlan() } : {};
  const firstSeen = (key: string) => corpus.ledger[key]?.firstPublished;
  return { corpus, plan: await planInMemory(corpus.articles, corpus.topics, { now, firstSeen, ...stories }) };
}

/** The manifest a deploy of the plan (onto an empty namespace) switches to. */
export function manifestOf(plan: Plan, publishedAt = FIXED_NOW): string {
  return JSON.stringify({
    format: plan.root.format,
    version: plan.version,
    root: plan.rootKey,
    publishedAt,
    previous: null,
  });
}

/** A KV entry as plain JSON (binary values base64-encoded), to hand to the Worker tests. */
export interface PortableEntry {
  key: string;
  value: string;
  base64: boolean;
}

/** Every key/value a deploy of the plan writes, the manifest included. */
export function planEntries(plan: Plan): PortableEntry[] {
  const out: PortableEntry[] = [...plan.data].map(([key, v]) =>
    typeof v === "string"
      ? { key, value: v, base64: false }
      : { key, value: Buffer.from(v).toString("base64"), base64: true },
  );
  out.push({ key: MANIFEST_KEY, value: manifestOf(plan), base64: false });
  return out;
}
