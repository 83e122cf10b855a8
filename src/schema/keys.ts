/**
 * The one place that names Workers KV keys. Data keys are content-addressed
 * (the hash of their value), so a key's value never changes once written and an
 * unchanged page keeps its key across deploys; the manifest names the live set.
 */

/** The live manifest: written last by a deploy, after every key it names. */
export const MANIFEST_KEY = "manifest";

/** The manifest that was live before the current one, kept as a fallback. */
export const PREVIOUS_MANIFEST_KEY = "manifest-previous";

/** A short-lived marker a deploy holds while it writes, so two deploys cannot interleave. */
export const DEPLOY_LOCK_KEY = "deploy-lock";

export const PAGE_PREFIX = "page/";
export const SHARD_PREFIX = "shard/";

/** Key of a feed page whose serialised value hashes to `hash`. */
export const pageKey = (hash: string): string => `${PAGE_PREFIX}${hash}`;

/** Key of an article shard whose serialised value hashes to `hash`. */
export const shardKey = (hash: string): string => `${SHARD_PREFIX}${hash}`;

/** Prefixes of every data key a deploy may have written (for garbage collection). */
export const DATA_PREFIXES = [PAGE_PREFIX, SHARD_PREFIX] as const;

/** KV's own limits: https://developers.cloudflare.com/kv/platform/limits/ */
export const KV_LIMITS = {
  keyBytes: 512,
  valueBytes: 25 * 1024 * 1024,
  bulkPairs: 10_000,
} as const;
