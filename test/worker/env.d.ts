// Extra KV namespaces the Worker tests bind (vitest.config.ts): an empty one and a spare one.
declare namespace Cloudflare {
  interface Env {
    EMPTY_KV: KVNamespace;
    SPARE_KV: KVNamespace;
  }
}
