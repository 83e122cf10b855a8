/**
 * The site's one stylesheet, served at /style.css for the HTML pages,
 * feed pages included (a strict CSP allows only 'self').
 * Readable on a phone: one column, fluid widths, system fonts, dark mode.
 */
export const STYLE_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5b5b66;--bg:#fdfdfc;--accent:#0b5cad;--rule:#e3e3e0;--card:#f4f4f1}
@media (prefers-color-scheme:dark){:root{--fg:#e9e9ee;--muted:#a4a4b0;--bg:#15151a;--accent:#7fb4ff;--rule:#2c2c34;--card:#1f1f26}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main,header,footer,.wrap{max-width:42rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem}footer{padding:1.5rem 1.25rem 2.5rem;color:var(--muted);font-size:.9rem}
a{color:var(--accent);text-underline-offset:.15em}
h1{font-size:clamp(1.5rem,5vw,2rem);line-height:1.2;margin:.5rem 0;overflow-wrap:anywhere}
h2{font-size:1.25rem;line-height:1.3;margin:1.8rem 0 .5rem}
.meta{color:var(--muted);font-size:.95rem}
.topics{margin:.5rem 0 1rem}.topics a{display:inline-block;margin:0 .4rem .4rem 0;padding:.1rem .6rem;border:1px solid var(--rule);border-radius:1rem;text-decoration:none;font-size:.9rem}
.feeds{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}.feeds a{padding:.2rem .75rem;border-radius:.4rem;background:var(--card);border:1px solid var(--rule);text-decoration:none;font-size:.9rem}
.note{background:var(--card);border:1px solid var(--rule);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.note code{overflow-wrap:anywhere}
ul.articles{list-style:none;padding:0;margin:0}ul.articles li{padding:.85rem 0;border-bottom:1px solid var(--rule)}
ul.articles a{font-weight:600;text-decoration:none}ul.articles p{margin:.25rem 0 0}
article{overflow-wrap:anywhere}article p,article li{max-width:100%}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto;margin:1rem 0}th,td{border:1px solid var(--rule);padding:.35rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
nav.pages{display:flex;justify-content:space-between;margin:1.5rem 0}
`;
