/**
 * Story features on worker threads, for a deploy of many articles: this
 * thread reads the inputs and sends them in batches to a few worker threads
 * (./features-worker.ts), and packs their features in input order, so the
 * grouping (./group.ts groupPack) sees exactly what groupInputs would give
 * it. At most two batches per thread are in flight, so memory stays bounded
 * however long the stream. The features are most of the grouping's work and
 * each article's are independent: on 2 cores this takes about half the time.
 */
import { availableParallelism } from "node:os";
import { startWorker } from "../worker-thread.js";
import { compactStoryFeatures, type StoryFeatures, type StoryInput } from "./features.js";
import { groupPack, type Story } from "./group.js";
import { StoryPack } from "./pack.js";

const BATCH = 256;
const IN_FLIGHT = 2;

/** How many worker threads a deploy uses: one per core, at most 4. */
export const defaultThreads = (): number => Math.min(availableParallelism(), 4);

class FeatureThread {
  readonly worker = startWorker(import.meta.url, "features-worker");
  #waiting: { resolve: (f: StoryFeatures[]) => void; reject: (e: unknown) => void }[] = [];
  #failed: unknown = null;

  constructor() {
    this.worker.on("message", (features: StoryFeatures[]) => this.#waiting.shift()?.resolve(features));
    const fail = (error: unknown) => {
      this.#failed = error;
      for (const w of this.#waiting.splice(0)) w.reject(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => {
      if (this.#waiting.length) fail(new Error(`a story features thread stopped (exit code ${code})`));
    });
  }

  /** The features of a batch: the worker answers its batches in the order they were sent. */
  features(batch: StoryInput[]): Promise<StoryFeatures[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.worker.postMessage(batch);
    });
  }
}

/** Packs the features of every input, computed on `threads` worker threads (in this thread when 1 or fewer). */
export async function packInputs(inputs: Iterable<StoryInput>, threads = defaultThreads()): Promise<StoryPack> {
  const pack = new StoryPack();
  if (threads <= 1) {
    for (const input of inputs) pack.push(compactStoryFeatures(input));
    return pack;
  }
  const pool = Array.from({ length: threads }, () => new FeatureThread());
  // batches in the order they were read: their features are packed in the same order
  const pending: Promise<StoryFeatures[]>[] = [];
  const drainOne = async () => {
    for (const f of await (pending.shift() as Promise<StoryFeatures[]>)) pack.push(f);
  };
  try {
    let batch: StoryInput[] = [];
    let sent = 0;
    const send = async () => {
      pending.push((pool[sent++ % threads] as FeatureThread).features(batch));
      batch = [];
      if (pending.length >= threads * IN_FLIGHT) await drainOne();
    };
    for (const input of inputs) {
      batch.push(input);
      if (batch.length === BATCH) await send();
    }
    if (batch.length) await send();
    while (pending.length) await drainOne();
    return pack;
  } finally {
    // a failed batch leaves the others unawaited: they settle into nothing
    for (const p of pending) p.catch(() => {});
    await Promise.all(pool.map((t) => t.worker.terminate()));
  }
}

/** groupInputs (./group.ts) with the features computed on worker threads. */
export async function groupInputsOnThreads(inputs: Iterable<StoryInput>, threads = defaultThreads()): Promise<Story[]> {
  return groupPack(await packInputs(inputs, threads));
}
