/**
 * The contract between build time and run time: zod schemas of what the build
 * produces and what KV holds, and the KV key names. No node:* or cloudflare:* here.
 */
export * from "./article.js";
export * from "./keys.js";
export * from "./store.js";
export * from "./topic.js";
