/**
 * Starts a worker thread on a module of this code base: the JavaScript
 * beside the caller when built; from source, a worker does not inherit tsx's
 * loader, so it registers it before importing the TypeScript.
 */
import { Worker } from "node:worker_threads";

/** A worker running `name` (without extension), a module beside `callerUrl` (the caller's import.meta.url). */
export function startWorker(callerUrl: string, name: string): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}
