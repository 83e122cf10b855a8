/**
 * A worker thread of ./record-threads.ts: makes the values of each batch of
 * articles it is sent (./records.ts), their words included, and sends them
 * back in the same order,
 * the gzipped records moved, not copied.
 */
import { parentPort } from "node:worker_threads";
import { type ValuesJob, valuesOfJob } from "./records.js";

parentPort?.on("message", (jobs: ValuesJob[]) => {
  const out = jobs.map((job) => {
    const values = valuesOfJob(job);
    // a copy of its own (zlib's output may be a view of a larger buffer), so it can be moved
    return { ...values, record: new Uint8Array(values.record) };
  });
  parentPort?.postMessage(
    out,
    out.map((v) => v.record.buffer as ArrayBuffer),
  );
});
