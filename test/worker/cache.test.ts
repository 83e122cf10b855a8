/**
 * The isolate's one memory (worker/cache.ts): whatever is put in, all its
 * kinds together hold at most BUDGET_BYTES (within 48 MiB of the 128 MB an
 * isolate has), the least recently used going first, and an entry too big to
 * be worth a quarter of the budget is not kept at all.
 */
import { describe, expect, it } from "vitest";
import { BUDGET_BYTES, cache } from "../../src/worker/cache.js";

describe("the one cache", () => {
  it("keeps every kind together within one byte budget, evicting the least recently used", () => {
    expect(BUDGET_BYTES).toBeLessThanOrEqual(48 * 1024 * 1024);
    const kinds = ["value", "render", "warm", "fragment"] as const;
    const entry = 512 * 1024;
    for (let i = 0; i < 400; i++) {
      cache.set(kinds[i % 4] as (typeof kinds)[number], `k${i}`, { i }, entry);
      expect(cache.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
    }
    // 400 entries of 512 KiB are 200 MiB: the oldest are gone, the newest kept
    expect(cache.get("value", "k0")).toBeUndefined();
    expect(cache.get("fragment", "k399")).toEqual({ i: 399 });
    expect(cache.bytes).toBeGreaterThan(BUDGET_BYTES - 2 * entry);
  });

  it("does not keep an entry bigger than a quarter of the budget", () => {
    cache.set("render", "huge", "x", BUDGET_BYTES / 4 + 1);
    expect(cache.get("render", "huge")).toBeUndefined();
  });

  it("keys kinds apart: the same key in two kinds is two entries", () => {
    cache.set("value", "same", 1, 10);
    cache.set("render", "same", 2, 10);
    expect(cache.get("value", "same")).toBe(1);
    expect(cache.get("render", "same")).toBe(2);
  });
});
