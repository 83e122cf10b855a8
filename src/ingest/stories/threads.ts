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
import { BatchThreads } from "../worker-thread.js";
import { compactStoryFeatures, type StoryFeatures, type StoryInput } from "./features.js";
import { sharedGroupsOfPack } from "./group.js";
import { StoryPack } from "./pack.js";

const BATCH = 256;

/** How many worker threads a deploy uses: one per core, at most 4. */
export const defaultThreads = (): number => Math.min(availableParallelism(), 4);

/** Packs the features of every input, computed on `threads` worker threads (in this thread when 1 or fewer). */
export async function packInputs(inputs: Iterable<StoryInput>, threads = defaultThreads()): Promise<StoryPack> {
  const pack = new StoryPack();
  if (threads <= 1) {
    for (const input of inputs) pack.push(compactStoryFeatures(input));
    return pack;
  }
  const pool = new BatchThreads<StoryInput, StoryFeatures>(
    import.meta.url,
    "features-worker",
    threads,
    "a story features thread",
  );
  // batches in the order they were read: their features are packed in the same order
  const pending: Promise<StoryFeatures[]>[] = [];
  const drainOne = async () => {
    for (const f of await (pending.shift() as Promise<StoryFeatures[]>)) pack.push(f);
  };
  try {
    let batch: StoryInput[] = [];
    const send = async () => {
      pending.push(pool.run(batch));
      batch = [];
      if (pending.length >= pool.inFlight) await drainOne();
    };
    for (const input of inputs) {
      batch.push(input);
      if (batch.length === BATCH) await send();
    }
    if (batch.length) await send();
    while (pending.length) await drainOne();
    return pack;
  } finally {
    await pool.close();
  }
}

/**
 * The members of each story of two or more articles (./group.ts
 * sharedStoriesOf), the features computed on worker threads: the deploy's
 * grouping, which needs no evidence.
 */
export async function sharedGroupsOnThreads(
  inputs: Iterable<StoryInput>,
  threads = defaultThreads(),
): Promise<string[][]> {
  return sharedGroupsOfPack(await packInputs(inputs, threads));
}
