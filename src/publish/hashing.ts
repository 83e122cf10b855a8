/**
 * Content addresses and compression for what the deploy writes: SHA-256
 * (16 hex digits name a value) and deterministic gzip (no timestamp), so the
 * same corpus always gives the same keys.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

export const sha = (b: string | Uint8Array): string => createHash("sha256").update(b).digest("hex");
export const hash16 = (b: string | Uint8Array): string => sha(b).slice(0, 16);

/** JSON compressed for KV; deterministic (no timestamp in the gzip header). */
export const compress = (json: string): Uint8Array => gzipSync(json, { level: 1 });
