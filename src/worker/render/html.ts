/**
 * HTML pages for people: the home page (latest articles, topics, feed links)
 * and the article page every feed item links to. Every interpolated value is
 * escaped by hono/html; the article body is the pre-rendered fragment built
 * at deploy time from escaped text. Every page carries feed autodiscovery links.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Article } from "../../schema/article.js";
import type { FeedItem, Manifest } from "../../schema/store.js";
import { blocksToHtml } from "../../shared/blocks-html.js";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface FeedLink {
  title: string;
  /** Path and query, e.g. /topics/kosovo/feed.atom */
  href: string;
}

const FORMATS = [
  { ext: "xml", type: "application/rss+xml", label: "RSS" },
  { ext: "atom", type: "application/atom+xml", label: "Atom" },
  { ext: "json", type: "application/feed+json", label: "JSON Feed" },
] as const;

/** The three formats of a feed whose RSS path is `${base}.xml`. */
export function feedLinks(base: string, title: string): FeedLink[] {
  return FORMATS.map((f) => ({ title: `${title} (${f.label})`, href: `${base}.${f.ext}` }));
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5b5b66;--bg:#fdfdfc;--accent:#0b5cad;--rule:#e3e3e0}
@media (prefers-color-scheme:dark){:root{--fg:#e9e9ee;--muted:#a4a4b0;--bg:#15151a;--accent:#7fb4ff;--rule:#2c2c34}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",sans-serif}
main,header,footer{max-width:42rem;margin:0 auto;padding:0 1.25rem}header{padding-top:1.5rem}footer{padding-bottom:2rem;color:var(--muted);font-size:.9rem}
a{color:var(--accent)}h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}h2{font-size:1.3rem;margin:1.8rem 0 .5rem}
.meta{color:var(--muted);font-size:.95rem}.topics a{display:inline-block;margin:0 .4rem .3rem 0;padding:.05rem .55rem;border:1px solid var(--rule);border-radius:1rem;text-decoration:none;font-size:.9rem}
.feeds a{margin-right:.8rem}ul.articles{list-style:none;padding:0}ul.articles li{padding:.8rem 0;border-bottom:1px solid var(--rule)}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{border:1px solid var(--rule);padding:.35rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}article{overflow-wrap:anywhere}
`;

export function layout(opts: {
  title: string;
  description: string;
  feeds: FeedLink[];
  body: Html;
  lang: string;
}): Html {
  return html`<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<meta name="description" content="${opts.description}">
${opts.feeds.map((f, i) => html`<link rel="alternate" type="${FORMATS[i % 3]?.type}" title="${f.title}" href="${f.href}">\n`)}
<style>${raw(STYLE)}</style>
</head>
<body>
${opts.body}
</body>
</html>`;
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
export const dateInWords = (iso: string): string => dateFmt.format(new Date(iso));

function topicLinks(slugs: readonly string[], manifest: Manifest): Html {
  const names = new Map(manifest.topics.map((t) => [t.slug, t.name]));
  return html`<p class="topics">${slugs.map((s) => html`<a href="/topics/${s}/feed.xml" rel="tag">${names.get(s) ?? s}</a>`)}</p>`;
}

function feedButtons(feeds: FeedLink[]): Html {
  return html`<p class="feeds">Subscribe: ${feeds.map((f) => html`<a href="${f.href}">${f.title.replace(/^.*\((.+)\)$/, "$1")}</a>`)}</p>`;
}

export function homePage(opts: {
  siteTitle: string;
  description: string;
  lang: string;
  manifest: Manifest;
  items: readonly FeedItem[];
}): Html {
  const feeds = feedLinks("/feed", `${opts.siteTitle}: all articles`);
  const body = html`<header><h1>${opts.siteTitle}</h1><p class="meta">${opts.description}</p>${feedButtons(feeds)}</header>
<main>
<h2>Latest articles</h2>
<ul class="articles">${opts.items.map(
    (i) =>
      html`<li><a href="/articles/${i.slug}">${i.title}</a><br><span class="meta"><time datetime="${i.published}">${dateInWords(i.published)}</time>${i.author ? html` · ${i.author}` : ""}</span></li>`,
  )}</ul>
<h2>Topics</h2>
<ul>${opts.manifest.topics.map(
    (t) => html`<li><strong>${t.name}</strong> (${t.count} article${t.count === 1 ? "" : "s"}): ${t.description}
 <span class="feeds">${feedLinks(`/topics/${t.slug}/feed`, t.name).map((f) => html`<a href="${f.href}">${f.title.replace(/^.*\((.+)\)$/, "$1")}</a> `)}</span></li>`,
  )}</ul>
</main>
<footer>Topics as JSON: <a href="/topics">/topics</a>. Articles are cleaned from the pages their publishers put online.</footer>`;
  return layout({ title: opts.siteTitle, description: opts.description, feeds, body, lang: opts.lang });
}

export function articlePage(opts: { siteTitle: string; article: Article; manifest: Manifest }): Html {
  const a = opts.article;
  const feeds = [
    ...feedLinks("/feed", `${opts.siteTitle}: all articles`),
    ...a.topics.slice(0, 1).flatMap((t) => feedLinks(`/topics/${t}/feed`, `${opts.siteTitle}: ${t}`)),
  ];
  const source = a.source.url
    ? html`<a href="${a.source.url}" rel="nofollow">${a.source.site ?? a.source.url}</a>`
    : (a.source.site ?? a.source.origin ?? "");
  const body = html`<header><p class="meta"><a href="/">${opts.siteTitle}</a></p></header>
<main><article>
<h1>${a.title}</h1>
<p class="meta">${a.author ? html`By ${a.author} · ` : ""}<time datetime="${a.published}">${dateInWords(a.published)}</time>${a.updated !== a.published ? html` · updated <time datetime="${a.updated}">${dateInWords(a.updated)}</time>` : ""}${source ? html` · ${source}` : ""}</p>
${topicLinks(a.topics, opts.manifest)}
${raw(blocksToHtml(a.body))}
</article></main>
<footer>${feedButtons(feedLinks("/feed", "All articles"))}<a href="/articles/${a.slug}.json">This article as JSON</a></footer>`;
  return layout({ title: `${a.title} · ${opts.siteTitle}`, description: a.summary, feeds, body, lang: a.language });
}
