/**
 * What every feed format says about the feed itself (title, links, id, date)
 * and about each item's URLs and categories, built once per request from the
 * request URL, so every link is absolute and the self link is the exact URL.
 */
import type { FeedItem, Manifest } from "../../schema/store.js";
import { stripXmlForbidden } from "../../shared/text.js";

export interface FeedMeta {
  title: string;
  description: string;
  /** Stable feed id: the feed's URL without per-request parameters. */
  id: string;
  /** The exact URL the feed was requested at. */
  selfUrl: string;
  /** The HTML page the feed corresponds to. */
  homeUrl: string;
  origin: string;
  language: string;
  siteName: string;
  /** Newest `updated` of the items, or the corpus's when there are none. */
  updated: Date;
  topicName: (slug: string) => string;
  articleUrl: (slug: string) => string;
  topicUrl: (slug: string) => string;
}

export interface SiteConfig {
  SITE_TITLE: string;
  SITE_DESCRIPTION: string;
  SITE_LANGUAGE: string;
}

/** Parameters that select items; the rest (utm_*, limit) do not change which feed this is. */
const IDENTITY_PARAMS = ["topic", "exclude", "match", "q", "since", "until"];

export function feedMeta(opts: {
  url: string;
  site: SiteConfig;
  manifest: Manifest;
  items: readonly FeedItem[];
  heading: string | null;
  homePath: string;
}): FeedMeta {
  const url = new URL(opts.url);
  const origin = url.origin;
  const names = new Map(opts.manifest.topics.map((t) => [t.slug, t.name]));
  const idUrl = new URL(url.pathname, origin);
  for (const p of IDENTITY_PARAMS) for (const v of url.searchParams.getAll(p).sort()) idUrl.searchParams.append(p, v);
  const newest = opts.items.reduce<string | null>((m, i) => (m === null || i.updated > m ? i.updated : m), null);
  const site = stripXmlForbidden(opts.site.SITE_TITLE);
  return {
    title: stripXmlForbidden(opts.heading ? `${site}: ${opts.heading}` : site),
    description: stripXmlForbidden(opts.site.SITE_DESCRIPTION),
    id: idUrl.toString(),
    selfUrl: url.toString(),
    homeUrl: new URL(opts.homePath, origin).toString(),
    origin,
    language: opts.site.SITE_LANGUAGE,
    siteName: site,
    updated: new Date(newest ?? opts.manifest.updated ?? 0),
    topicName: (slug) => names.get(slug) ?? slug,
    articleUrl: (slug) => `${origin}/articles/${slug}`,
    topicUrl: (slug) => `${origin}/topics/${slug}`,
  };
}
