/**
 * An error as a page, for a person's browser: the same status and message as
 * the problem+json everyone else gets (problem.ts), in the site's style (the
 * one stylesheet, /style.css; no script), with the values a parameter allows,
 * the closest matches of a missing topic or article when there are any, and a
 * link home. Paths in the message are links to this site; `code` is code.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface ErrorLink {
  href: string;
  label: string;
  note?: string;
}

export interface ErrorPageOptions {
  siteTitle: string;
  lang: string;
  status: number;
  title: string;
  detail: string;
  /** The path asked for (not linked from its own message). */
  path: string;
  /** A parameter's allowed values or a resource's formats, when the problem names them (the label as a message: `code` marks). */
  choices?: { label: string; values: readonly string[] };
  /** The closest matches of what was not found, with a heading ("Did you mean one of these topics?"). */
  matches?: { heading: string; links: readonly ErrorLink[] };
}

/** A site path in a message: "/feed.xml", "/topics", "/articles/x.json" (ending before punctuation). */
const PATH = /(^|[\s(])(\/[A-Za-z0-9._~/-]*[A-Za-z0-9_~/])/g;

/** A message as HTML: `code` spans, and site paths other than `self` as links; everything else escaped. */
function message(detail: string, self: string): Html[] {
  const out: Html[] = [];
  detail.split(/(`[^`]*`)/).forEach((part, i) => {
    if (i % 2 === 1) {
      out.push(html`<code>${part.slice(1, -1)}</code>`);
      return;
    }
    let at = 0;
    for (const m of part.matchAll(PATH)) {
      const path = m[2] as string;
      const start = (m.index ?? 0) + (m[1] as string).length;
      if (path === self) continue;
      out.push(html`${part.slice(at, start)}<a href="${path}">${path}</a>`);
      at = start + path.length;
    }
    out.push(html`${part.slice(at)}`);
  });
  return out;
}

export function errorPage(opts: ErrorPageOptions): Html {
  const { choices, matches } = opts;
  return html`<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title} · ${opts.siteTitle}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><p class="meta"><a href="/">${opts.siteTitle}</a> › Error ${opts.status}</p><h1>${opts.title}</h1></header>
<main>
<p class="note">${message(opts.detail, opts.path)}</p>
${choices?.values.length ? html`<p>${message(choices.label, opts.path)}: ${choices.values.map((v, i) => html`${i ? ", " : ""}<code>${v}</code>`)}.</p>` : ""}
${
  matches?.links.length
    ? html`<h2>${matches.heading}</h2>
<ul class="articles">${matches.links.map(
        (l) => html`<li><a href="${l.href}">${l.label}</a>${l.note ? html`<p class="meta">${l.note}</p>` : ""}</li>`,
      )}</ul>`
    : ""
}
<p><a href="/">Go to the home page</a>: the latest articles, every topic and the feeds.</p>
</main>
<footer>HTTP ${opts.status} · <a href="/">${opts.siteTitle}</a> · <a href="/topics">Topics as JSON</a> · <a href="/feed.atom">All articles (Atom)</a></footer>
</body>
</html>`;
}
