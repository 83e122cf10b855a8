/**
 * Renders an article body (typed blocks) as an HTML fragment. Every piece of
 * text is escaped; the only markup is the fixed set of tags written here, so
 * the fragment is safe to embed in feeds and pages. Runtime-agnostic.
 */
import type { Block } from "../schema/article.js";
import { escapeHtml, stripXmlForbidden } from "./text.js";

const esc = (s: string): string => escapeHtml(stripXmlForbidden(s));

function renderBlock(block: Block): string {
  switch (block.type) {
    case "heading":
      return `<h${block.level}>${esc(block.text)}</h${block.level}>`;
    case "paragraph":
      return `<p>${esc(block.text)}</p>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>${block.items.map((i) => `<li>${esc(i)}</li>`).join("")}</${tag}>`;
    }
    case "quote": {
      const cite = block.cite ? `<footer>${esc(block.cite)}</footer>` : "";
      return `<blockquote><p>${esc(block.text)}</p>${cite}</blockquote>`;
    }
    case "table": {
      const head = block.header
        ? `<thead><tr>${block.header.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>`
        : "";
      const rows = block.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("");
      return `<table>${head}<tbody>${rows}</tbody></table>`;
    }
  }
}

/** The body as HTML, one element per block, joined by newlines. */
export function blocksToHtml(blocks: readonly Block[]): string {
  return blocks.map(renderBlock).join("\n");
}

/** The body as plain text: one line per heading, paragraph, list item and table row. */
export function blocksToLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === "list") lines.push(...b.items);
    else if (b.type === "table") {
      if (b.header) lines.push(b.header.join(" "));
      for (const r of b.rows) lines.push(r.join(" "));
    } else lines.push(b.text);
  }
  return lines;
}
