/**
 * Generated news corpora for the story grouper's property tests and bench
 * (scripts/bench/stories.ts): deterministic (seeded), streamed (article i is
 * made from its story's recipe when asked for, so a million articles need not
 * be held), and shaped like the problem:
 * - names drawn from a pool with a skewed (Zipf-like) distribution, so common
 *   names are in many articles and rare ones in few;
 * - several versions of a story: the original, syndicated copies, lead
 *   excerpts, edited versions (sentences dropped and swapped, words changed,
 *   a new headline) and rewrites by other outlets (the same names, figures,
 *   a quotation and what the story is about, told in other sentences);
 * - other events with the same people and places: another story that reuses
 *   an earlier story's names, with its own subject, figures and day;
 * - some articles undated.
 * Not used by the deploy.
 */

import { prng } from "../../shared/prng.js";
import type { StoryInput } from "./features.js";

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu", "ho", "ji", "ze", "po"];
function syllables(i: number, min: number): string {
  let s = "";
  for (let n = i + min; n > 0; n = Math.floor(n / 16)) s += SYLLABLES[n % 16];
  return s;
}
const VOCABULARY = 20_000;
const words: string[] = [];
const word = (i: number) => {
  while (words.length <= i) words.push(syllables(words.length, 300));
  return words[i] as string;
};
const nameOf = (i: number) => {
  const s = syllables(i, 4100);
  return s[0]?.toUpperCase() + s.slice(1);
};

/** Zipf-like: index in [0, n), small ones common. */
const skewed = (r: () => number, n: number) => Math.min(n - 1, Math.floor(n ** r()) - 1);

export type VersionKind = "original" | "copy" | "excerpt" | "edit" | "rewrite" | "other-event";

export interface SyntheticArticle {
  input: StoryInput;
  /** The story it belongs to (the truth a grouper is judged by). */
  story: number;
  kind: VersionKind;
}

interface Recipe {
  seed: number;
  /** Size of the name pool. */
  pool: number;
  names: number[];
  topic: number[];
  figures: string[];
  quote: string[];
  day: number | null;
}

function recipe(seed: number, corpusSize: number, namesFrom?: number[]): Recipe {
  const r = prng(seed);
  const pool = Math.max(200, corpusSize * 2);
  const names = namesFrom ? namesFrom.slice() : Array.from({ length: 4 + Math.floor(r() * 5) }, () => skewed(r, pool));
  const topic = Array.from({ length: 8 }, () => 2000 + Math.floor(r() * (VOCABULARY - 2000)));
  const figures = Array.from({ length: 2 + Math.floor(r() * 3) }, () => String(10 + Math.floor(r() * 99_000)));
  const quote = Array.from({ length: 10 }, () => word(skewed(r, VOCABULARY)));
  const day = r() < 0.3 ? null : 19_000 + Math.floor(r() * 700);
  return { seed, pool, names, topic, figures, quote, day };
}

/** A text telling the recipe's event, in sentences of its own (variant picks the wording). */
function tell(rec: Recipe, variant: number): { title: string; sentences: string[] } {
  const r = prng(rec.seed * 31 + variant * 7919 + 1);
  const sentences: string[] = [];
  const count = 14 + Math.floor(r() * 10);
  // besides the story's own names, an article mentions others: people, places, bodies of the day
  const incidental = Array.from({ length: 12 + Math.floor(r() * 12) }, () => skewed(r, rec.pool));
  for (let s = 0; s < count; s++) {
    const out: string[] = [];
    const length = 12 + Math.floor(r() * 12);
    for (let w = 0; w < length; w++) {
      const x = r();
      if (w > 0 && x < 0.06) out.push(nameOf(rec.names[Math.floor(r() * rec.names.length)] as number));
      else if (w > 0 && x < 0.13) out.push(nameOf(incidental[Math.floor(r() * incidental.length)] as number));
      else if (x < 0.26) out.push(word(rec.topic[Math.floor(r() * rec.topic.length)] as number));
      else if (x < 0.29) out.push(rec.figures[Math.floor(r() * rec.figures.length)] as string);
      else out.push(word(skewed(r, VOCABULARY)));
    }
    if (s === 2) out.push(`"${rec.quote.join(" ")}"`);
    const first = out[0] as string;
    out[0] = first[0]?.toUpperCase() + first.slice(1);
    sentences.push(`${out.join(" ")}.`);
  }
  const title = [
    nameOf(rec.names[0] as number),
    ...Array.from({ length: 5 }, () => word(rec.topic[Math.floor(r() * rec.topic.length)] as number)),
  ].join(" ");
  return { title, sentences };
}

const iso = (day: number | null) => (day === null ? null : new Date(day * 86_400_000).toISOString());

/**
 * n articles; story s's original comes first, later versions refer back to
 * earlier stories. Deterministic in (n, seed).
 */
export function* syntheticStories(n: number, seed = 1): Generator<SyntheticArticle> {
  const r = prng(seed ^ 0x9e3779b9);
  const stories: number[] = [];
  // story → the earlier story whose names it reuses (another event), or -1
  const nameSource: number[] = [];
  const recipeOf = (s: number): Recipe => {
    const from = nameSource[s] as number;
    return recipe(seed * 1_000_003 + s, n, from >= 0 ? recipeOf(from).names : undefined);
  };
  const paragraphs = (sentences: string[]) => {
    const out: string[] = [];
    for (let i = 0; i < sentences.length; i += 2) out.push(sentences.slice(i, i + 2).join(" "));
    return out.join("\n");
  };
  for (let i = 0; i < n; i++) {
    const key = `a${String(i).padStart(7, "0")}`;
    const x = r();
    if (stories.length < 3 || x < 0.45) {
      const s = stories.length;
      // one in eight new stories is another event with the names of an earlier one
      const other = stories.length > 3 && r() < 0.125;
      nameSource.push(other ? Math.floor(r() * s) : -1);
      stories.push(s);
      const rec = recipeOf(s);
      const { title, sentences } = tell(rec, 0);
      yield {
        input: { key, title, text: paragraphs(sentences), published: iso(rec.day) },
        story: s,
        kind: other ? "other-event" : "original",
      };
      continue;
    }
    const s = stories[Math.floor(r() * stories.length)] as number;
    const rec = recipeOf(s);
    const { title, sentences } = tell(rec, 0);
    const later = (d: number | null) => (d === null || r() < 0.3 ? null : d + Math.floor(r() * 2));
    if (x < 0.6) {
      yield {
        input: { key, title, text: paragraphs(sentences), published: iso(later(rec.day)) },
        story: s,
        kind: "copy",
      };
    } else if (x < 0.72) {
      const text = `${paragraphs(sentences.slice(0, 3))}\nRead the full story on the ${word(Math.floor(r() * 50))} website.`;
      yield { input: { key, title, text, published: iso(later(rec.day)) }, story: s, kind: "excerpt" };
    } else if (x < 0.86) {
      const edited = sentences.filter(() => r() > 0.2);
      if (edited.length > 3) [edited[1], edited[2]] = [edited[2] as string, edited[1] as string];
      const changed = edited.map((sentence) =>
        sentence
          .split(" ")
          .map((w) => (r() < 0.05 && /^[a-z]+$/.test(w) ? word(skewed(r, VOCABULARY)) : w))
          .join(" "),
      );
      const newTitle = `${tell(rec, 99).title} ${word(Math.floor(r() * 500))}`;
      yield {
        input: { key, title: newTitle, text: paragraphs(changed), published: iso(later(rec.day)) },
        story: s,
        kind: "edit",
      };
    } else {
      const told = tell(rec, 1 + Math.floor(r() * 1000));
      yield {
        input: { key, title: told.title, text: paragraphs(told.sentences), published: iso(later(rec.day)) },
        story: s,
        kind: "rewrite",
      };
    }
  }
}
