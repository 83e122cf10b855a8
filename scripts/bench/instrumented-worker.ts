/**
 * The benchmark's view of the real Worker: the production app, with its KV
 * binding wrapped to count reads (every get, of one key or of many), and an
 * endpoint that reports and resets the count (with ?fresh, it also hands the
 * Worker a new binding object, so the next request starts from a cold
 * isolate's state: no manifest, no pages in memory). Bundled by scripts/bench only;
 * never deployed.
 */
import app from "../../src/worker/index.js";

let reads = 0;

function counting(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "get" || prop === "getWithMetadata") {
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The Worker's env with the counting binding, made once per env (and again after ?fresh). */
let wrapped = new WeakMap<Env, Env>();

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    // a string test first: the measured requests should pay nothing for the bench's own endpoint
    if (request.url.includes("/__bench/")) {
      const url = new URL(request.url);
      if (url.pathname === "/__bench/kv-reads") {
        const body = JSON.stringify({ reads });
        reads = 0;
        // a fresh wrapper is a binding the Worker has never seen: its next request reads as a cold isolate would
        if (url.searchParams.has("fresh")) wrapped = new WeakMap();
        return new Response(body);
      }
    }
    let counted = wrapped.get(env);
    if (!counted) {
      counted = { ...env, FEEDS: counting(env.FEEDS) };
      wrapped.set(env, counted);
    }
    return app.fetch(request, counted, ctx);
  },
};
