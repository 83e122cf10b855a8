/**
 * The planner's per-article values (./records.ts) on worker threads
 * (./records-worker.ts), for a deploy of many articles: the planner sends
 * batches of records' JSON and gets their values back in order, while it
 * settles the articles before them.
 */
import { BatchThreads } from "../ingest/worker-thread.js";
import type { ArticleValues, ValuesJob } from "./records.js";

export const RECORD_BATCH = 64;

/**
 * Batches in flight per thread: enough that a worker always has the next
 * one while the planner's thread settles those before it (with two, at
 * 100,000 articles the worker was idle a third of the time, and the
 * planner's thread made a third of the batches itself). They hold a few MiB.
 */
const RECORD_DEPTH = 8;

/** `threads` worker threads making articles' values. */
export const recordThreads = (threads: number) =>
  new BatchThreads<ValuesJob, ArticleValues>(
    import.meta.url,
    "records-worker",
    threads,
    "a planner thread",
    RECORD_DEPTH,
  );
