/**
 * Worker threads that take batches and answer them in order, for the
 * deploy's work on many articles (the story features, the planner's
 * per-article values): batches go to the threads in turn, each thread
 * answers its own in the order sent, so a caller that awaits them in the
 * order it sent them sees what one thread would give. A worker runs a
 * module of this code base: the JavaScript beside the caller when built;
 * from source, a worker does not inherit tsx's loader, so it registers it
 * before importing the TypeScript.
 */
import { Worker } from "node:worker_threads";

/** At most this many batches per thread are in flight, unless a pool says otherwise (callers wait for the oldest beyond). */
const IN_FLIGHT = 2;

/** A worker running `name` (without extension), a module beside `callerUrl` (the caller's import.meta.url). */
function startWorker(callerUrl: string, name: string): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}

interface Waiting<Out> {
  resolve: (out: Out[]) => void;
  reject: (error: unknown) => void;
}

interface BatchThread<Out> {
  worker: Worker;
  /** Its batches not yet answered, oldest first. */
  waiting: Waiting<Out>[];
}

export class BatchThreads<In, Out> {
  readonly #threads: BatchThread<Out>[];
  #failed: unknown = null;
  #sent = 0;
  #closing = false;

  /**
   * `threads` workers running the module `name` beside `callerUrl`; `what`
   * names them in errors; `perThread`: batches in flight per thread.
   */
  constructor(
    callerUrl: string,
    name: string,
    threads: number,
    what: string,
    readonly perThread = IN_FLIGHT,
  ) {
    this.#threads = Array.from({ length: threads }, () => {
      const t: BatchThread<Out> = { worker: startWorker(callerUrl, name), waiting: [] };
      const fail = (error: unknown) => {
        this.#failed ??= error;
        for (const w of t.waiting.splice(0)) w.reject(error);
      };
      t.worker.on("message", (out: Out[]) => t.waiting.shift()?.resolve(out));
      t.worker.on("error", fail);
      t.worker.on("messageerror", fail);
      t.worker.on("exit", (code) => {
        // a thread that stops before it is closed fails the pool, even with nothing asked of it yet
        if (!this.#closing) fail(new Error(`${what} stopped (exit code ${code})`));
      });
      return t;
    });
  }

  /** How many batches may be in flight before a caller waits for the oldest. */
  get inFlight(): number {
    return this.#threads.length * this.perThread;
  }

  /**
   * The answer to a batch. A failure rejects it (and every batch after);
   * it counts as handled from the start, so a caller busy elsewhere when a
   * thread fails gets the error where it awaits the batch, not as an
   * unhandled rejection.
   */
  run(batch: In[]): Promise<Out[]> {
    const result = this.#failed
      ? Promise.reject(this.#failed)
      : new Promise<Out[]>((resolve, reject) => {
          const t = this.#threads[this.#sent++ % this.#threads.length] as BatchThread<Out>;
          t.waiting.push({ resolve, reject });
          t.worker.postMessage(batch);
        });
    result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }
}
