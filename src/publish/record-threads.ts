/**
 * The planner's per-article values (./records.ts) on worker threads
 * (./records-worker.ts), for a deploy of many articles: the planner sends
 * batches of records' JSON and gets their values back in order, while it
 * settles the articles before them.
 */
import { BatchThreads } from "../ingest/worker-thread.js";
import type { ArticleValues, ValuesJob } from "./records.js";

export const RECORD_BATCH = 64;

/** `threads` worker threads making articles' values. */
export const recordThreads = (threads: number) =>
  new BatchThreads<ValuesJob, ArticleValues>(import.meta.url, "records-worker", threads, "a planner thread");
