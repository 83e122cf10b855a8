/**
 * Small stable hashes both sides compute the same way (the deploy in Node,
 * the Worker in workerd): FNV-1a over UTF-16 code units. Used for cut points
 * and buckets, never for content addresses (those are SHA-256, at deploy time).
 * Pure; imports neither node:* nor cloudflare:*.
 */

/** FNV-1a, 32 bits, over the string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
