/**
 * The real Worker, instrumented for tests and the benchmark: the production
 * app with its KV binding wrapped to count round trips (every `get`, of one
 * key or of a list, except the live-version check: the manifest and a
 * version's root, which an isolate reads at most once a second and once per
 * version). Asked with an `x-wirefeed-count` header, a response says how
 * many round trips it took and the most keys one of them asked for
 * (`x-wirefeed-kv-round-trips`, `x-wirefeed-kv-most-keys`). `/__bench/kv-reads` reports and resets a running
 * count; with `?fresh` it also hands the Worker a new binding object and
 * empties the isolate's cache, so the next request starts as a cold isolate would. A request with
 * `x-wirefeed-stale-manifest: <manifest JSON>` is served as a KV location
 * that still holds that manifest would serve it. Bundled by tests and the
 * benchmark only; never deployed.
 */
import { MANIFEST_KEY, ROOT_PREFIX } from "../../src/schema/keys.js";
import { cache } from "../../src/worker/cache.js";
import app from "../../src/worker/index.js";

let total = 0;
/** A manifest this request's KV location still holds (a test's stand-in for KV's eventual consistency), or null. */
let stale: string | null = null;
let trips = 0;
let mostKeys = 0;

const isVersionCheck = (key: unknown): boolean =>
  typeof key === "string" && (key === MANIFEST_KEY || key.startsWith(ROOT_PREFIX));

function counting(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "get" || prop === "getWithMetadata") {
        return (...args: unknown[]) => {
          if (stale !== null && prop === "get" && args[0] === MANIFEST_KEY) return Promise.resolve(stale);
          if (!isVersionCheck(args[0])) {
            trips++;
            total++;
            mostKeys = Math.max(mostKeys, Array.isArray(args[0]) ? args[0].length : 1);
          }
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
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    // a string test first: the measured requests should pay nothing for the bench's own endpoint
    if (request.url.includes("/__bench/")) {
      const url = new URL(request.url);
      if (url.pathname === "/__bench/kv-reads") {
        const body = JSON.stringify({ reads: total });
        total = 0;
        // a fresh wrapper is a binding the Worker has never seen: its next request reads as a cold isolate would
        if (url.searchParams.has("fresh")) {
          wrapped = new WeakMap();
          cache.clear();
        }
        return new Response(body);
      }
    }
    let counted = wrapped.get(env);
    if (!counted) {
      counted = { ...env, FEEDS: counting(env.FEEDS) };
      wrapped.set(env, counted);
    }
    trips = 0;
    mostKeys = 0;
    stale = request.headers.get("x-wirefeed-stale-manifest");
    const res = await app.fetch(request, counted, ctx);
    if (!request.headers.has("x-wirefeed-count")) return res;
    const out = new Response(res.body, res);
    out.headers.set("x-wirefeed-kv-round-trips", String(trips));
    out.headers.set("x-wirefeed-kv-most-keys", String(mostKeys));
    return out;
  },
};
