/** Test helpers inside workerd: fill a KV namespace with a deploy's entries, fetch the Worker. */
import { exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { Article } from "../../src/schema/article.js";
import type { PortableEntry } from "./provided.js";

export async function seed(kv: KVNamespace, entries: PortableEntry[]): Promise<void> {
  const existing = await kv.list();
  await Promise.all(existing.keys.map((k) => kv.delete(k.name)));
  await Promise.all(
    entries.map((e) => kv.put(e.key, e.base64 ? Uint8Array.from(atob(e.value), (c) => c.charCodeAt(0)) : e.value)),
  );
}

export const fixtureEntries = (): PortableEntry[] => inject("fixtureKv");
export const fixtureArticles = (): Article[] => JSON.parse(inject("fixtureArticles")) as Article[];

/**
 * The documented feed order, written out here rather than taken from the
 * code under test: newest first, equal instants by slug in code-unit order.
 */
export function newestFirst(articles: readonly Article[]): Article[] {
  return [...articles].sort((a, b) =>
    a.published !== b.published ? (a.published < b.published ? 1 : -1) : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0,
  );
}

export const ORIGIN = "https://wirefeed.test";

/** One of each kind of thing the Worker serves from the fixture corpus: feeds, topic feeds, pages, JSON. */
export const SERVED_PATHS = [
  "/feed.xml",
  "/feed.atom",
  "/feed.json",
  "/topics/space/feed.json",
  "/",
  "/topics",
  "/topics/space",
  "/articles/lunar-gateway-module-ships-to-florida",
] as const;

/** Requests the Worker under test as a client would. */
export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}
