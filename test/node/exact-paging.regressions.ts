/**
 * Cases the property tests in exact-paging.test.ts shrank failures to, kept
 * as fixed regressions (replayed before the properties run): a corpus (as
 * specs), a layout, a filter, a format, and what went wrong. The shrunk
 * corpora are written here as the patterns they shrank to.
 */
import type { Layout } from "../../src/schema/layout.js";
import type { Format } from "../support/feed-walk.js";
import { type ArticleSpec, type FilterSpec, TINY } from "../support/generated.js";

export interface Regression {
  why: string;
  specs: ArticleSpec[];
  layout: Layout;
  filter: FilterSpec;
  format: Format;
}

const ALL: Omit<FilterSpec, "limit"> = {
  pathTopic: null,
  topic: [],
  match: "any",
  exclude: [],
  q: [],
  since: null,
  until: null,
};

/** `n` articles at one instant, every `every`-th with a rare word. */
const oneInstant = (n: number, every: number): ArticleSpec[] =>
  Array.from({ length: n }, (_, i) => ({ slot: 0, topics: [], words: [i % every === 0 ? "quasar" : "alpha"] }));

export const REGRESSIONS: Regression[] = [
  {
    why: "a tie of instants across segment cuts: placing a cursor needs the oldest slug of a segment",
    specs: oneInstant(60, 9),
    layout: TINY,
    filter: { ...ALL, limit: 7 },
    format: "atom",
  },
  {
    why: "a term whose postings begin in the part before the first part named after it",
    specs: oneInstant(99, 5),
    layout: TINY,
    filter: { ...ALL, q: ["quasar"], limit: 1 },
    format: "json",
  },
  {
    why: "a previous page starts just past the cursor's own article, not at it",
    specs: oneInstant(40, 4),
    layout: TINY,
    filter: { ...ALL, limit: 1 },
    format: "xml",
  },
  {
    why: "since and until inside segments, with ties at both bounds, and topics missing from some segments",
    specs: Array.from({ length: 80 }, (_, i) => ({
      slot: i % 8,
      topics: i % 3 === 0 ? ["a", "b"] : i % 3 === 1 ? ["a"] : ["c"],
      words: [i % 2 ? "alpha" : "bravo"],
    })),
    layout: TINY,
    filter: { ...ALL, topic: ["a", "b"], match: "all", exclude: ["c"], since: 2, until: 5, limit: 2 },
    format: "json",
  },
];
