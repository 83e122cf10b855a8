/**
 * The one place that names Workers KV keys. Everything of store format 5
 * lives under `v5/`; data keys end in the hash of their value, so a value
 * never changes once written and an unchanged one keeps its key across
 * deploys. The manifest (one per format) is the only key that is rewritten.
 * See docs/store-layout.md.
 */
/** Bumped whenever the layout changes; a Worker reads only the manifest of its own format. */
export const STORE_FORMAT = 6;

/** Prefix of every key of a store format. */
export const formatPrefix = (format: number): string => `v${format}/`;

const P = formatPrefix(STORE_FORMAT);

/** The live manifest of this format: written last by a deploy. */
export const MANIFEST_KEY = `${P}manifest`;

/** Manifests of store formats before this layout (format 5, then 4 and older), left to the Worker that reads them. */
export const LEGACY_MANIFEST_KEYS = ["v5/manifest", "manifest", "manifest-previous"] as const;

/** A short-lived marker a deploy holds while it writes, so two deploys cannot interleave (all formats). */
export const DEPLOY_LOCK_KEY = "deploy-lock";

/** The deploy's own record of keys no version names any more, and since when (never read by the Worker). */
export const GC_PREFIX = `${P}gc/`;
export const gcKey = (n: number): string => `${GC_PREFIX}${n}`;

export const ROOT_PREFIX = `${P}root/`;
export const SEGMENT_PREFIX = `${P}seg/`;
export const KEYS_PREFIX = `${P}keys/`;
export const PART_PREFIX = `${P}part/`;
export const ITEM_PREFIX = `${P}item/`;
export const ARTICLE_PREFIX = `${P}article/`;
export const SLUGS_PREFIX = `${P}slugs/`;

export const rootKey = (hash: string): string => `${ROOT_PREFIX}${hash}`;
/** A segment's rows and its item keys share the hash of the rows. */
export const segmentKey = (hash: string): string => `${SEGMENT_PREFIX}${hash}`;
export const segmentKeysKey = (hash: string): string => `${KEYS_PREFIX}${hash}`;
export const partKey = (hash: string): string => `${PART_PREFIX}${hash}`;
export const itemKey = (hash: string): string => `${ITEM_PREFIX}${hash}`;
export const articleKey = (hash: string): string => `${ARTICLE_PREFIX}${hash}`;
export const slugsKey = (hash: string): string => `${SLUGS_PREFIX}${hash}`;

/** KV's own limits: https://developers.cloudflare.com/kv/platform/limits/ */
export const KV_LIMITS = {
  keyBytes: 512,
  valueBytes: 25 * 1024 * 1024,
  bulkPairs: 10_000,
  /** Keys one bulk read (`get([...])`) may ask for. */
  bulkReadKeys: 100,
} as const;
