/**
 * A worker thread of ./record-threads.ts: makes the values of each batch of
 * articles it is sent (./records.ts), their words included, and sends them
 * back in the same order,
 * the gzipped records moved, not copied.
 */
import { parentPort } from "node:worker_threads";
import { type ValuesJob, valuesOfJob } from "./records.js";

parentPort?.on("message", (jobs: ValuesJob[]) => {
  // each record has a buffer of its own (hashing.ts compress), so it can be moved
  const out = jobs.map(valuesOfJob);
  parentPort?.postMessage(
    out,
    out.map((v) => v.record.buffer as ArrayBuffer),
  );
});
