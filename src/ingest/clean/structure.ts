/**
 * Turns the article's lines into typed blocks: headings (each once), paragraphs,
 * lists, quotes, and tables whose cells a plain-text copy glued together
 * ("InitiativeObjectiveStatus" → Initiative | Objective | Status).
 */
import type { Block } from "../../schema/article.js";
import { isHeadingLike, isProse, type Line } from "./lines.js";

/**
 * Where a copy glued two cells: a lower-case letter, digit or closing mark,
 * then a capital that starts a word; or a word, then a number ("Line4.2 km").
 * Used only on lines a glued header row has announced as a table.
 */
const CELL_JOIN = /(?<=[\p{Ll}\p{N}%)\].!?])(?=\p{Lu}(?:\p{Ll}|\p{Lu}{1,5}\b|\s))|(?<=\p{Ll}{2})(?=\d)/gu;

export function splitGluedCells(text: string): string[] {
  return text
    .split(CELL_JOIN)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A header row glued into one line: short, no sentence punctuation, at least one glued join. */
function gluedHeader(l: Line): string[] | null {
  if (l.bullet || l.words > 12 || l.text.length > 120 || /[.!?,;:]$/.test(l.text)) return null;
  const cells = splitGluedCells(l.text);
  return cells.length >= 2 && cells.length <= 8 ? cells : null;
}

/**
 * Reads a table starting at lines[i]: a glued header row and the rows after it
 * that split into as many cells, or rows whose copy kept tab separators.
 * Returns the block and how many lines it used, or null.
 */
export function readTable(lines: readonly Line[], i: number): { block: Block; used: number } | null {
  const first = lines[i];
  if (!first) return null;
  if (first.tabCells) {
    const width = first.tabCells.length;
    const rows: string[][] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const cells = lines[j]?.tabCells;
      if (!cells || cells.length !== width) break;
      rows.push(cells);
    }
    if (rows.length === 0) return null;
    return { block: { type: "table", header: first.tabCells, rows }, used: j - i };
  }
  const header = gluedHeader(first);
  if (!header) return null;
  const rows: string[][] = [];
  let j = i + 1;
  for (; j < lines.length; j++) {
    const l = lines[j];
    if (l?.kind !== "text" || l.bullet || l.words > 40) break;
    const cells = splitGluedCells(l.text);
    if (cells.length !== header.length) break;
    rows.push(cells);
  }
  if (rows.length === 0) return null;
  return { block: { type: "table", header, rows }, used: j - i };
}

/** Of two copies of one heading, the one written with more capitals (title case wins over a garbled copy). */
function betterHeading(a: string, b: string): string {
  const caps = (s: string) => (s.match(/(?:^|\s)\p{Lu}/gu) ?? []).length;
  return caps(b) > caps(a) ? b : a;
}

const QUOTED = /^["“](.{20,})["”]$/u;

/** Builds the body from the article's lines (furniture already removed). */
export function buildBlocks(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let lastKey = "";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    const key = l.key;
    const prev = blocks.at(-1);
    // The same line twice in a row: a heading rendered twice, a caption repeated.
    if (key === lastKey && prev) {
      if (prev.type === "heading") prev.text = betterHeading(prev.text, l.text);
      continue;
    }
    lastKey = key;
    const table = readTable(lines, i);
    if (table) {
      blocks.push(table.block);
      i += table.used - 1;
      lastKey = "";
      continue;
    }
    const after = lines[i + 1];
    if (
      l.bullet &&
      l.ordered &&
      !(after?.bullet && after.ordered) &&
      isHeadingLike({ ...l, bullet: false }) &&
      l.words <= 12
    ) {
      // "1. Ditch the diet" alone before its paragraphs: a numbered heading, not a one-item list
      blocks.push({ type: "heading", level: 2, text: `${l.marker}${l.text}` });
      continue;
    }
    if (l.bullet) {
      const items = [l.text];
      while (lines[i + 1]?.bullet && lines[i + 1]?.ordered === l.ordered) {
        i++;
        items.push(lines[i]?.text ?? "");
      }
      blocks.push({ type: "list", ordered: l.ordered, items });
      lastKey = "";
      continue;
    }
    const next = lines[i + 1];
    if (isHeadingLike(l) && !isProse(l) && next !== undefined) {
      blocks.push({ type: "heading", level: 2, text: l.text.replace(/:$/, "") });
      continue;
    }
    const q = QUOTED.exec(l.text);
    if (q?.[1] && !/["“”]/u.test(q[1])) {
      blocks.push({ type: "quote", text: q[1].trim(), cite: null });
      continue;
    }
    blocks.push({ type: "paragraph", text: l.text });
  }
  // A heading with nothing after it ("Sources", "Share") is not part of the article.
  while (blocks.at(-1)?.type === "heading") blocks.pop();
  return blocks;
}
