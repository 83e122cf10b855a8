/**
 * The contract between build time and run time: zod schemas of what the build
 * produces and what KV holds, the KV key names, the feed order, the layout's
 * cut rules and the index encoding. No node:* or cloudflare:* here.
 */
export * from "./article.js";
export * from "./hash.js";
export * from "./keys.js";
export * from "./layout.js";
export * from "./order.js";
export * from "./postings.js";
export * from "./store.js";
export * from "./topic.js";
