/**
 * WebSub publishing: after a deploy that changed feeds, tell the hub which
 * feed URLs have new content (hub.mode=publish, hub.url=…), so subscribers
 * are pushed the update instead of polling. A feed changed when the head page
 * of its scope (all articles, or its topic) changed.
 */
import { ALL_SCOPE, type Manifest } from "../schema/store.js";

const EXTENSIONS = ["xml", "atom", "json"] as const;

/** Public URLs of every feed whose newest items differ between the two manifests. */
export function changedFeedUrls(before: Manifest | null, after: Manifest, publicUrl: string): string[] {
  const base = publicUrl.replace(/\/+$/, "");
  const urls: string[] = [];
  for (const [scope, s] of Object.entries(after.scopes)) {
    if (before?.scopes[scope]?.head?.key === s.head?.key) continue;
    const path = scope === ALL_SCOPE ? "/feed" : `/topics/${scope}/feed`;
    for (const ext of EXTENSIONS) urls.push(`${base}${path}.${ext}`);
  }
  return urls;
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
