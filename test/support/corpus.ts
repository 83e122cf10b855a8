/**
 * Corpora for tests, built by the real build and plan code: the fixture corpus
 * (test/fixtures/content, fixed dates) and the real one (content/).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCorpus, type Corpus } from "../../src/build/corpus.js";
import { type Plan, planCorpus } from "../../src/publish/plan.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURE_CONTENT = join(ROOT, "test/fixtures/content");
export const REAL_CONTENT = join(ROOT, "content");
/** The build time of test corpora: the first-published date of articles no ledger knows. */
export const FIXED_NOW = "2026-01-01T00:00:00.000Z";

export function buildFixture(contentDir = FIXTURE_CONTENT, now = FIXED_NOW): { corpus: Corpus; plan: Plan } {
  const corpus = buildCorpus({ contentDir, now });
  return { corpus, plan: planCorpus(corpus.articles, corpus.topics) };
}

/** Every key/value a deploy of the plan writes, the manifest included. */
export function planEntries(plan: Plan): [string, string][] {
  return [...plan.data.entries(), ["manifest", plan.manifestValue]];
}
