/**
 * Reading feeds as a script or a reader pages through them: one page in any
 * of the three formats (its articles' slugs and its paging links), and whole
 * walks along `next` and back along `previous`, with the KV round trips each
 * request took (the instrumented Worker's count).
 */
import { expect } from "vitest";

export type Format = "json" | "atom" | "xml";

export interface Page {
  url: string;
  slugs: string[];
  next: string | null;
  previous: string | null;
  roundTrips: number;
  mostKeys: number;
}

const unescapeAmp = (s: string) => s.replace(/&amp;/g, "&");

export async function fetchPage(url: string): Promise<Page> {
  const res = await fetch(url, { headers: { "x-wirefeed-count": "1" } });
  const body = await res.text();
  expect(res.status, `${url}: ${body.slice(0, 300)}`).toBe(200);
  const roundTrips = Number(res.headers.get("x-wirefeed-kv-round-trips") ?? Number.NaN);
  const mostKeys = Number(res.headers.get("x-wirefeed-kv-most-keys") ?? Number.NaN);
  if (url.includes("/feed.json")) {
    const feed = JSON.parse(body) as { items: { _wirefeed: { slug: string } }[]; next_url?: string };
    const previous = null; // JSON Feed has no previous link; walk back in Atom or RSS
    return {
      url,
      slugs: feed.items.map((i) => i._wirefeed.slug),
      next: feed.next_url ?? null,
      previous,
      roundTrips,
      mostKeys,
    };
  }
  const rss = url.includes("/feed.xml");
  const link = (rel: string) => {
    const m = new RegExp(`<${rss ? "atom:" : ""}link rel="${rel}" href="([^"]*)"`).exec(body);
    return m?.[1] ? unescapeAmp(m[1]) : null;
  };
  const items = rss
    ? [...body.matchAll(/<item>[\s\S]*?<link>([^<]*)<\/link>/g)]
    : [...body.matchAll(/<entry>[\s\S]*?<link href="([^"]*)"/g)];
  const slugs = items.map((m) => /\/articles\/([a-z0-9-]+)/.exec(m[1] ?? "")?.[1] ?? "?");
  return { url, slugs, next: link("next"), previous: link("previous"), roundTrips, mostKeys };
}

/** Follows `next` from `first` to the end (at most `maxPages` pages). */
export async function walkNext(first: string, maxPages: number): Promise<Page[]> {
  const pages: Page[] = [];
  let url: string | null = first;
  while (url) {
    if (pages.length >= maxPages) throw new Error(`more than ${maxPages} pages from ${first}`);
    const page = await fetchPage(url);
    pages.push(page);
    url = page.next;
  }
  return pages;
}

/** Follows `previous` from the page at `url` (in Atom) back to the first page. */
export async function walkPrevious(url: string, maxPages: number): Promise<Page[]> {
  const pages: Page[] = [];
  let at: string | null = (await fetchPage(url)).previous;
  while (at) {
    if (pages.length >= maxPages) throw new Error(`more than ${maxPages} pages back from ${url}`);
    const page = await fetchPage(at);
    pages.push(page);
    at = page.previous;
  }
  return pages;
}

/** The same URL in another format. */
export const inFormat = (url: string, format: Format): string =>
  url.replace(/\/feed\.(json|atom|xml)/, `/feed.${format}`);
