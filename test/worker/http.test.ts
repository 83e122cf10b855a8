/**
 * What makes feeds cheap to poll and easy to use: conditional GET (ETag and
 * Last-Modified, RFC 9110 precedence), caching headers, CORS and preflight,
 * content negotiation at /feed, RFC 5005 paging with cursors that survive new
 * articles, OPML, the feed stylesheet, security headers, light feeds, WebSub.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import app from "../../src/worker/index.js";
import { fixtureArticles, fixtureEntries, get, newestFirst, ORIGIN, SERVED_PATHS, seed } from "./seed.js";

beforeAll(() => seed(env.FEEDS, fixtureEntries()));

const byNewest = () => newestFirst(fixtureArticles());

describe("conditional GET", () => {
  it("every feed and page has a strong ETag and a Last-Modified: when the deploy last changed what it shows", async () => {
    for (const path of SERVED_PATHS) {
      const res = await get(path);
      expect(res.headers.get("etag"), path).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      // the fixture corpus was planned at 2026-01-01 (test/support/corpus.ts FIXED_NOW), with nothing before it
      expect(res.headers.get("last-modified"), path).toBe("Thu, 01 Jan 2026 00:00:00 GMT");
    }
  });

  it("If-None-Match with the current ETag, weakly compared, in a list or as *, is a 304 with no body", async () => {
    const etag = (await get("/feed.json")).headers.get("etag") as string;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const res = await get("/feed.json", { headers: { "if-none-match": inm } });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
    }
    expect((await get("/feed.json", { headers: { "if-none-match": '"something-else"' } })).status).toBe(200);
  });

  it("If-Modified-Since answers 304 from the newest item's date, and ETag wins when both are sent", async () => {
    const first = await get("/feed.xml");
    const lm = first.headers.get("last-modified") as string;
    expect((await get("/feed.xml", { headers: { "if-modified-since": lm } })).status).toBe(304);
    expect((await get("/feed.xml", { headers: { "if-modified-since": "Thu, 01 Jan 2015 00:00:00 GMT" } })).status).toBe(
      200,
    );
    const both = await get("/feed.xml", { headers: { "if-none-match": '"other"', "if-modified-since": lm } });
    expect(both.status).toBe(200);
  });

  it("the ETag is a hash of the bytes: the same for an unchanged corpus re-deployed, new when the feed's bytes change", async () => {
    const kv = env.SPARE_KV;
    const fetchSpare = (path: string) => app.fetch(new Request(`${ORIGIN}${path}`), { ...env, FEEDS: kv });
    const etagOfBytes = async (res: Response) => {
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await res.arrayBuffer()));
      return `"${btoa(String.fromCharCode(...digest.subarray(0, 16)))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "")}"`;
    };
    await seed(kv, fixtureEntries());
    const first = await fetchSpare("/feed.json?etag-test");
    const before = first.headers.get("etag");
    expect(before).toBe(await etagOfBytes(first));
    await seed(kv, fixtureEntries());
    expect((await fetchSpare("/feed.json?etag-test")).headers.get("etag")).toBe(before);
    await seed(kv, inject("fixtureKvNewer"));
    const after = await fetchSpare("/feed.json?etag-test");
    expect(after.headers.get("etag")).not.toBe(before);
    expect(after.headers.get("etag")).toBe(await etagOfBytes(after));
  });

  it("HEAD answers with the same validators", async () => {
    const full = await get("/feed.atom");
    const head = await get("/feed.atom", { method: "HEAD" });
    expect(head.headers.get("etag")).toBe(full.headers.get("etag"));
    expect(head.headers.get("last-modified")).toBe(full.headers.get("last-modified"));
  });
});

describe("caching", () => {
  it("feeds say how long to keep them and that they vary by Accept; errors are not stored", async () => {
    const res = await get("/feed.xml");
    expect(res.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
    expect(res.headers.get("vary")).toContain("Accept");
    expect((await get("/feed.xml?limit=0")).headers.get("cache-control")).toBe("no-store");
  });

  it("a new deploy is visible as soon as the isolate re-reads the manifest, never hidden behind a cached rendering", async () => {
    const kv = env.SPARE_KV;
    // the interval is injected: 0 re-reads on every request, a minute keeps the manifest it has
    const fetchWith = (recheck: string) =>
      app.fetch(new Request(`${ORIGIN}/feed.json`), { ...env, FEEDS: kv, MANIFEST_RECHECK_MS: recheck });
    const newestTitle = async (res: Response) => ((await res.json()) as { items: { title: string }[] }).items[0]?.title;
    await seed(kv, fixtureEntries());
    expect(await newestTitle(await fetchWith("0"))).not.toBe("A new arrival");
    await seed(kv, inject("fixtureKvNewer"));
    expect(await newestTitle(await fetchWith("60000"))).not.toBe("A new arrival");
    expect(await newestTitle(await fetchWith("0"))).toBe("A new arrival");
  });
});

describe("the warm path (a request answered before, answered again from memory)", () => {
  const headerList = (res: Response) => [...res.headers].sort(([a], [b]) => a.localeCompare(b));

  it("gives the same bytes and the same headers, CORS and security headers included", async () => {
    const requests: [string, RequestInit?][] = [
      ["/feed.xml"],
      ["/feed.json?limit=3&topic=space"],
      ["/feed", { headers: { accept: "application/atom+xml" } }],
      ["/topics/space"],
      ["/articles/lunar-gateway-module-ships-to-florida.json"],
      ["/feed.atom", { headers: { origin: "https://app.example" } }],
    ];
    for (const [path, init] of requests) {
      const first = await get(path, init);
      const firstBody = await first.text();
      for (let i = 0; i < 3; i++) {
        const again = await get(path, init);
        expect(again.status, path).toBe(200);
        expect(await again.text(), path).toBe(firstBody);
        expect(headerList(again), path).toEqual(headerList(first));
      }
      expect(first.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(first.headers.get("access-control-allow-origin"), path).toBe("*");
    }
  });

  it("still answers validators with a 304 without a body type, and HEAD without a body", async () => {
    const first = await get("/topics/space/feed.xml");
    const etag = first.headers.get("etag") as string;
    await get("/topics/space/feed.xml");
    const cached = await get("/topics/space/feed.xml", { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect(cached.headers.get("etag")).toBe(etag);
    expect(cached.headers.get("content-type")).toBeNull();
    expect(cached.headers.get("access-control-allow-origin")).toBe("*");
    const again = await get("/topics/space/feed.xml", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(headerList(again)).toEqual(headerList(cached));
    const head = await get("/topics/space/feed.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("etag")).toBe(etag);
  });

  it("keeps a URL asked with another Accept apart: a browser and a reader each get their own type", async () => {
    const browser = { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } };
    const reader = { headers: { accept: "application/rss+xml" } };
    for (let i = 0; i < 2; i++) {
      expect((await get("/feed.xml", browser)).headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect((await get("/feed.xml", reader)).headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    }
  });

  it("does not remember errors: a bad query is checked every time", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await get("/feed.json?limit=1000");
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});

describe("CORS", () => {
  it("feeds and JSON carry Access-Control-Allow-Origin: * and expose the validators", async () => {
    for (const path of [
      "/feed.json",
      "/feed.xml",
      "/topics",
      "/articles/lunar-gateway-module-ships-to-florida.json",
      "/topics.opml",
    ]) {
      const res = await get(path, { headers: { origin: "https://app.example" } });
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
    }
    const res = await get("/feed.json", { headers: { origin: "https://app.example" } });
    expect(res.headers.get("access-control-expose-headers")).toContain("ETag");
  });

  it("answers a preflight", async () => {
    const res = await get("/feed.json", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-none-match");
  });
});

describe("content negotiation at /feed and /topics/:slug/feed", () => {
  it("picks RSS, Atom or JSON Feed from Accept, says so in Content-Location, and varies by Accept", async () => {
    const cases: [string, string, string][] = [
      ["application/atom+xml", "application/atom+xml; charset=utf-8", "/feed.atom"],
      ["application/feed+json", "application/feed+json; charset=utf-8", "/feed.json"],
      ["application/rss+xml", "application/rss+xml; charset=utf-8", "/feed.xml"],
      ["application/json;q=0.9, application/atom+xml;q=0.5", "application/feed+json; charset=utf-8", "/feed.json"],
      ["*/*", "application/rss+xml; charset=utf-8", "/feed.xml"],
    ];
    for (const [accept, type, location] of cases) {
      const res = await get("/feed", { headers: { accept } });
      expect(res.headers.get("content-type"), accept).toBe(type);
      expect(res.headers.get("content-location"), accept).toBe(location);
      expect(res.headers.get("vary")).toContain("Accept");
    }
    const topic = await get("/topics/space/feed", { headers: { accept: "application/atom+xml" } });
    expect(topic.headers.get("content-location")).toBe("/topics/space/feed.atom");
  });

  it("answers 406 listing the formats when none fits", async () => {
    const res = await get("/feed", { headers: { accept: "image/png" } });
    expect(res.status).toBe(406);
    const body = (await res.json()) as { detail: string; available: string[] };
    expect(body.available).toEqual(["application/rss+xml", "application/atom+xml", "application/feed+json"]);
    expect(body.detail).toContain("/feed.atom");
  });

  it("the explicit extensions always win over Accept", async () => {
    const res = await get("/feed.json", { headers: { accept: "application/atom+xml" } });
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
  });
});

describe("paging (RFC 5005)", () => {
  it("links first and next in RSS and Atom, next_url in JSON Feed, keeping the filters", async () => {
    const rss = await (await get("/feed.xml?topic=climate,space&limit=2&utm_source=x")).text();
    expect(rss).toMatch(
      /<atom:link rel="first" href="https:\/\/wirefeed\.test\/feed\.xml\?topic=climate%2Cspace&amp;limit=2&amp;utm_source=x"\/>/,
    );
    expect(rss).toMatch(
      /<atom:link rel="next" href="https:\/\/wirefeed\.test\/feed\.xml\?topic=climate%2Cspace&amp;limit=2&amp;utm_source=x&amp;before=\d+\.[a-z0-9-]+"\/>/,
    );
    const atom = await (await get("/feed.atom?limit=2")).text();
    expect(atom).toMatch(
      /<link rel="next" href="https:\/\/wirefeed\.test\/feed\.atom\?limit=2&amp;before=\d+\.[a-z0-9-]+"\/>/,
    );
    const json = (await (await get("/feed.json?limit=2&q=the")).json()) as { next_url?: string };
    expect(json.next_url).toMatch(/^https:\/\/wirefeed\.test\/feed\.json\?limit=2&q=the&before=\d+\.[a-z0-9-]+$/);
  });

  it("following next links walks every article once, newest first, with previous links back", async () => {
    const seen: string[] = [];
    let url: string | undefined = `${ORIGIN}/feed.json?limit=3`;
    let pages = 0;
    while (url && pages < 10) {
      const feed = (await (await app.fetch(new Request(url), env)).json()) as {
        items: { _wirefeed: { slug: string } }[];
        next_url?: string;
      };
      seen.push(...feed.items.map((i) => i._wirefeed.slug));
      url = feed.next_url;
      pages++;
    }
    expect(seen).toEqual(byNewest().map((a) => a.slug));
    const second = await (
      await get(`/feed.atom?limit=3&before=${Date.parse(byNewest()[2]?.published ?? "")}.${byNewest()[2]?.slug}`)
    ).text();
    expect(second).toMatch(/<link rel="previous" href="[^"]*after=\d+\.[a-z0-9-]+"\/>/);
    const prevHref = /<link rel="previous" href="([^"]*)"\/>/.exec(second)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const prev = (await (await app.fetch(new Request(prevHref.replace("feed.atom", "feed.json")), env)).json()) as {
      items: { _wirefeed: { slug: string } }[];
    };
    expect(prev.items.map((i) => i._wirefeed.slug)).toEqual(
      byNewest()
        .slice(0, 3)
        .map((a) => a.slug),
    );
  });

  it("a next link stays right when a newer article arrives between two fetches", async () => {
    const kv = env.SPARE_KV;
    await seed(kv, fixtureEntries());
    const page1 = (await (
      await app.fetch(new Request(`${ORIGIN}/feed.json?limit=3&_=1`), { ...env, FEEDS: kv })
    ).json()) as { items: { _wirefeed: { slug: string } }[]; next_url: string };
    await seed(kv, inject("fixtureKvNewer"));
    const page2 = (await (await app.fetch(new Request(page1.next_url), { ...env, FEEDS: kv })).json()) as {
      items: { _wirefeed: { slug: string } }[];
    };
    expect([...page1.items, ...page2.items].map((i) => i._wirefeed.slug)).toEqual(
      byNewest()
        .slice(0, 6)
        .map((a) => a.slug),
    );
  });

  it("an empty page from a cursor past the dates has no link to more of nothing", async () => {
    const newest = byNewest()[0];
    const oldest = byNewest().at(-1);
    // after the newest article, but only until before the oldest: nothing, and nothing older within `until`
    const after = await (
      await get(`/feed.atom?until=2000-01-01&after=${Date.parse(newest?.published ?? "")}.${newest?.slug}`)
    ).text();
    expect(after).not.toContain("<entry>");
    expect(after).not.toContain('rel="next"');
    // before the oldest, but since after the newest: nothing, and nothing newer within `since`
    const before = await (
      await get(`/feed.atom?since=2030-01-01&before=${Date.parse(oldest?.published ?? "")}.${oldest?.slug}`)
    ).text();
    expect(before).not.toContain("<entry>");
    expect(before).not.toContain('rel="previous"');
  });

  it("takes a cursor before 1970", async () => {
    const res = await get("/feed.json?before=-86400000.some-slug");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("refuses a malformed cursor, naming the parameter", async () => {
    const res = await get("/feed.json?before=yesterday");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { parameter: string }).parameter).toBe("before");
  });
});

describe("discovery and people", () => {
  it("/topics.opml is OPML 2.0 with the all-articles feed and one outline per topic that has articles", async () => {
    const res = await get("/topics.opml");
    expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const opml = await res.text();
    expect(opml).toContain('<opml version="2.0">');
    expect(opml).toContain(`xmlUrl="${ORIGIN}/feed.xml"`);
    const used = new Set(fixtureArticles().flatMap((a) => a.topics));
    for (const slug of ["space", "climate", "economy", "europe", "oceans"]) {
      const outline = `xmlUrl="${ORIGIN}/topics/${slug}/feed.xml"`;
      if (used.has(slug)) expect(opml).toContain(outline);
      else expect(opml).not.toContain(outline);
    }
  });

  it("a browser opening a feed URL gets a web page of that feed; readers, scripts and */* get the feed", async () => {
    const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for (const path of [
      "/feed.xml",
      "/feed.atom",
      "/feed.json",
      "/feed",
      "/topics/space/feed.xml",
      "/stories/feed.atom",
    ]) {
      const page = await get(`${path}?limit=2`, { headers: { accept: browserAccept } });
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(page.headers.get("vary"), path).toContain("Accept");
      const text = await page.text();
      expect(text, path).toContain("This is a web feed");
      // the URL to copy is the feed's own, with its filters
      expect(text, path).toContain(`<code class="feed-url">${ORIGIN}${path}?limit=2</code>`);
      expect(text, path).not.toContain("xml-stylesheet");
    }
    const reader = await get("/feed.xml", {
      headers: { accept: "application/rss+xml, application/xml;q=0.9, */*;q=0.1" },
    });
    expect(reader.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(await reader.text()).not.toContain("xml-stylesheet");
    const curl = await get("/feed.atom", { headers: { accept: "*/*" } });
    expect(curl.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect((await get("/feed.xsl")).status).toBe(404);
  });

  it("the feed page shows the feed's items and pages through them like the feed", async () => {
    const browser = { accept: "text/html" };
    const feed = (await (await get("/feed.json?limit=2")).json()) as { items: { title: string }[]; next_url: string };
    const page = await (await get("/feed.xml?limit=2", { headers: browser })).text();
    const escaped = (t: string) =>
      t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    for (const item of feed.items) expect(page).toContain(escaped(item.title));
    const next = /<a href="([^"]*)" rel="next">/.exec(page)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBe(new URL(feed.next_url).pathname.replace(".json", ".xml") + new URL(feed.next_url).search);
    const older = await (await get(next ?? "", { headers: browser })).text();
    expect(older).toContain('rel="prev"');
  });

  it("HTML pages carry a strict CSP, nosniff and a referrer policy, and need no script", async () => {
    for (const path of ["/", "/topics/space", "/articles/lunar-gateway-module-ships-to-florida"]) {
      const res = await get(path);
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'none'");
      expect(res.headers.get("content-security-policy")).not.toContain("script-src");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const page = await res.text();
      expect(page).not.toContain("<script");
      expect(page).toContain('<link rel="stylesheet" href="/style.css">');
      expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    }
  });

  it("a topic page lists its articles with dates in words, topics as links and feed buttons", async () => {
    const page = await (await get("/topics/space")).text();
    expect(page).toContain("<h1>Space</h1>");
    expect(page).toContain('<time datetime="2025-06-02T00:00:00.000Z">2 June 2025</time>');
    expect(page).toContain('<a href="/topics/space" rel="tag">Space</a>');
    expect(page).toContain('<a href="/topics/space/feed.atom" type="application/atom+xml">Atom</a>');
    expect(page).toContain(
      '<link rel="alternate" type="application/feed+json" title="Wirefeed: Space (JSON Feed)" href="/topics/space/feed.json">',
    );
    expect((await get("/topics/kittens")).status).toBe(404);
  });
});

describe("light feeds and WebSub", () => {
  it("content=summary carries the summary and a link instead of the body", async () => {
    const full = (await (await get("/feed.json")).json()) as { items: { content_html: string }[] };
    const light = (await (await get("/feed.json?content=summary")).json()) as { items: { content_html: string }[] };
    expect(light.items[0]?.content_html).toMatch(
      /^<p>.*<\/p>\n<p><a href="https:\/\/wirefeed\.test\/articles\/[a-z0-9-]+">Read the article<\/a><\/p>$/s,
    );
    // both compact, so only the item bodies differ
    expect(JSON.stringify(light).length).toBeLessThan(JSON.stringify(full).length);
    expect(light.items.map((i) => i.content_html)).not.toEqual(full.items.map((i) => i.content_html));
    expect((await get("/feed.json?content=teaser")).status).toBe(400);
  });

  it("feeds link the hub configured in WEBSUB_HUB (rel=hub, JSON Feed hubs) and none without it", async () => {
    const hubEnv = { ...env, WEBSUB_HUB: "https://hub.example/" };
    const atom = await (await app.fetch(new Request(`${ORIGIN}/feed.atom?hub-test`), hubEnv)).text();
    expect(atom).toContain('<link rel="hub" href="https://hub.example/"/>');
    const rss = await (await app.fetch(new Request(`${ORIGIN}/feed.xml?hub-test`), hubEnv)).text();
    expect(rss).toContain('<atom:link href="https://hub.example/" rel="hub"/>');
    const json = (await (await app.fetch(new Request(`${ORIGIN}/feed.json?hub-test`), hubEnv)).json()) as {
      hubs?: unknown;
    };
    expect(json.hubs).toEqual([{ type: "WebSub", url: "https://hub.example/" }]);
    expect(await (await get("/feed.atom")).text()).not.toContain('rel="hub"');
  });
});
