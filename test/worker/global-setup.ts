/**
 * Runs in Node before the Worker tests: builds the fixture corpus with the
 * build and deploy's own code and hands its KV entries to the tests.
 */
import type { TestProject } from "vitest/node";
import "./provided.js";
import { buildFixture, planEntries } from "../support/corpus.js";

export default function setup(project: TestProject): void {
  const fixture = buildFixture();
  project.provide("fixtureKv", planEntries(fixture.plan));
  project.provide("fixtureArticles", JSON.stringify(fixture.corpus.articles));
}
