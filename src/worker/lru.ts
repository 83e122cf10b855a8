/**
 * The one bounded cache the Worker's isolate-wide memories share (rendered
 * representations, the warm path, feed-item fragments, KV values): a map that
 * keeps its most recently used entries within a count and, optionally, a byte
 * budget. An entry larger than a quarter of the budget is not kept at all, so
 * one huge value cannot flush everything else.
 */
export interface LruLimits<V> {
  maxEntries: number;
  /** With sizeOf: the most bytes the entries may hold together. */
  maxBytes?: number;
  sizeOf?: (value: V, key: string) => number;
}

export class Lru<V> {
  #entries = new Map<string, V>();
  #bytes = 0;
  constructor(readonly limits: LruLimits<V>) {}

  /** Bytes the entries hold together, as sizeOf counts them. */
  get bytes(): number {
    return this.#bytes;
  }

  #size(key: string, value: V): number {
    return this.limits.sizeOf?.(value, key) ?? 0;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const size = this.#size(key, value);
    const { maxEntries, maxBytes = Number.POSITIVE_INFINITY } = this.limits;
    if (size > maxBytes / 4) return;
    this.#entries.set(key, value);
    this.#bytes += size;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= maxEntries && this.#bytes <= maxBytes) break;
      this.delete(oldest);
    }
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  delete(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= this.#size(key, old);
  }
}
