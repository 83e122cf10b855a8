/**
 * Runs in Node before the Worker tests: builds the fixture corpus with the
 * build and deploy's own code and hands its KV entries to the tests.
 */
import type { TestProject } from "vitest/node";
import "./provided.js";
import { planInMemory } from "../../src/publish/plan.js";
import { planStories } from "../../src/publish/story-plan.js";
import { buildFixture, planEntries } from "../support/corpus.js";
import { storyVersions } from "../support/story-fixture.js";

export default async function setup(project: TestProject): Promise<void> {
  const fixture = await buildFixture();
  project.provide("fixtureKv", planEntries(fixture.plan));
  project.provide("fixtureArticles", JSON.stringify(fixture.corpus.articles));
  // The same corpus after one more article arrived, newer than all the others.
  const [newest] = [...fixture.corpus.articles].sort((a, b) => (a.published < b.published ? 1 : -1));
  if (!newest) throw new Error("empty fixture corpus");
  const arrival = {
    ...newest,
    key: "f8-new-arrival",
    slug: "a-new-arrival",
    id: "urn:uuid:00000000-0000-5000-8000-000000000008",
    title: "A new arrival",
    published: "2025-07-01T00:00:00.000Z",
    updated: "2025-07-01T00:00:00.000Z",
  };
  // The same corpus with a syndicated copy and an excerpt of its Lunar Gateway article: one story of three.
  const versions = storyVersions(fixture.corpus.articles);
  const storyCorpus = [...fixture.corpus.articles, ...versions.articles];
  project.provide("fixtureStoryArticles", JSON.stringify(storyCorpus));
  project.provide(
    "fixtureKvStories",
    planEntries(
      await planInMemory(storyCorpus, fixture.corpus.topics, {
        now: "2026-03-01T00:00:00.000Z",
        stories: planStories(storyCorpus, [versions.story]),
      }),
    ),
  );
  project.provide(
    "fixtureKvNewer",
    planEntries(
      await planInMemory([...fixture.corpus.articles, arrival], fixture.corpus.topics, {
        now: "2026-02-01T00:00:00.000Z",
      }),
    ),
  );
}
