/**
 * A worker thread of ./threads.ts: computes the compact story features of
 * each batch of inputs it is sent and sends them back, in the same order.
 */
import { parentPort } from "node:worker_threads";
import { compactStoryFeatures, type StoryInput } from "./features.js";

parentPort?.on("message", (batch: StoryInput[]) => {
  parentPort?.postMessage(batch.map(compactStoryFeatures));
});
