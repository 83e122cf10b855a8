/**
 * WebSub publishing: after a deploy that changed feeds, tell the hub which
 * feed URLs have new content (hub.mode=publish, hub.url=…), so subscribers
 * are pushed the update instead of polling. A feed changed when the
 * fingerprint of its scope (all articles, or its topic; all stories, or a
 * topic's stories) changed.
 */
import type { Root } from "../schema/store.js";

const EXTENSIONS = ["xml", "atom", "json"] as const;

/** Public URLs of every feed whose scope changed between the two roots. */
export function changedFeedUrls(before: Root | null, after: Root, publicUrl: string): string[] {
  const base = publicUrl.replace(/\/+$/, "");
  const scopes: { path: string; changed: boolean }[] = [
    { path: "/feed", changed: before?.all.fingerprint !== after.all.fingerprint },
    ...after.topics.map((t) => ({
      path: `/topics/${t.slug}/feed`,
      changed: before?.topics.find((b) => b.slug === t.slug)?.fingerprint !== t.fingerprint,
    })),
    { path: "/stories/feed", changed: before?.stories.all.fingerprint !== after.stories.all.fingerprint },
    ...after.stories.topics.map((t) => ({
      path: `/topics/${t.slug}/stories/feed`,
      changed: before?.stories.topics.find((b) => b.slug === t.slug)?.fingerprint !== t.fingerprint,
    })),
  ];
  return scopes.filter((s) => s.changed).flatMap((s) => EXTENSIONS.map((ext) => `${base}${s.path}.${ext}`));
}

export interface HubResult {
  url: string;
  status: number | "error";
}

/** Pings the hub once per URL; failures are reported, not thrown (the deploy itself succeeded). */
export async function notifyHub(
  hub: string,
  urls: readonly string[],
  fetchImpl: typeof fetch = fetch,
): Promise<HubResult[]> {
  const results: HubResult[] = [];
  for (const url of urls) {
    try {
      const res = await fetchImpl(hub, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
      });
      results.push({ url, status: res.status });
    } catch {
      results.push({ url, status: "error" });
    }
  }
  return results;
}
