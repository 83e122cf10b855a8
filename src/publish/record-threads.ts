/**
 * The planner's per-article values (./records.ts) on worker threads, for a
 * deploy of many articles: the planner sends batches of records' JSON and
 * gets their values back in order, while it looks up the next articles'
 * terms. At most two batches per thread are in flight.
 */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../ingest/worker-thread.js";
import type { ArticleValues, ValuesJob } from "./records.js";

export const RECORD_BATCH = 64;
const IN_FLIGHT = 2;

interface Waiting {
  resolve: (values: ArticleValues[]) => void;
  reject: (error: unknown) => void;
}

interface PlannerThread {
  worker: Worker;
  /** Its batches not yet answered, oldest first. */
  waiting: Waiting[];
}

export class RecordThreads {
  readonly #workers: PlannerThread[];
  #failed: unknown = null;
  #sent = 0;
  #closing = false;

  constructor(readonly threads: number) {
    this.#workers = Array.from({ length: threads }, () => {
      const w: PlannerThread = { worker: startWorker(import.meta.url, "records-worker"), waiting: [] };
      const fail = (error: unknown) => {
        this.#failed ??= error;
        for (const p of w.waiting.splice(0)) p.reject(error);
      };
      w.worker.on("message", (values: ArticleValues[]) => w.waiting.shift()?.resolve(values));
      w.worker.on("error", fail);
      w.worker.on("messageerror", fail);
      w.worker.on("exit", (code) => {
        // a thread that stops before it is closed fails the pool, even with nothing asked of it yet
        if (!this.#closing) fail(new Error(`a planner thread stopped (exit code ${code})`));
      });
      return w;
    });
  }

  /** How many batches may be in flight before the planner waits for the oldest. */
  get inFlight(): number {
    return this.threads * IN_FLIGHT;
  }

  /** The values of a batch of jobs, in order (batches go to the threads in turn; each answers in the order sent). */
  values(jobs: ValuesJob[]): Promise<ArticleValues[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const w = this.#workers[this.#sent++ % this.#workers.length] as PlannerThread;
    const result = new Promise<ArticleValues[]>((resolve, reject) => {
      w.waiting.push({ resolve, reject });
    });
    w.worker.postMessage(jobs);
    return result;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }
}
