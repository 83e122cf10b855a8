/**
 * Content addresses and compression for what the deploy writes: SHA-256
 * (16 hex digits name a value) and deterministic gzip (no timestamp), so the
 * same corpus always gives the same keys.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

export const sha = (b: string | Uint8Array): string => createHash("sha256").update(b).digest("hex");
export const hash16 = (b: string | Uint8Array): string => sha(b).slice(0, 16);

/**
 * JSON compressed for KV; deterministic (no timestamp in the gzip header).
 * A copy of its own: zlib's output is a view of a 16 KiB buffer, which a
 * small record would otherwise keep alive while it waits to be written (and
 * a worker thread could not move it).
 */
export const compress = (json: string): Uint8Array => new Uint8Array(gzipSync(json, { level: 1 }));
