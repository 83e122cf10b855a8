/**
 * Topic assignment from the cleaned article only (never from furniture the
 * cleaner removed). The rule, in words: every mention of one of a topic's
 * aliases scores 3 in the title or a section heading, 2 in the lead paragraph
 * and 1 elsewhere in the body; a topic with a score of at least 4 is given (a
 * section about a topic and two more mentions give it; passing mentions do not). Aliases match as whole
 * words; an alias in capitals (an acronym such as "EU") matches only in capitals.
 */
import type { Topic } from "../schema/topic.js";
import { escapeRegExp } from "../shared/text.js";

export const TOPIC_THRESHOLD = 4;
const WEIGHTS = { title: 3, heading: 3, lead: 2, body: 1 } as const;
type Zone = keyof typeof WEIGHTS;

export interface TopicMatch {
  slug: string;
  score: number;
  /** alias → zone → mentions */
  mentions: Record<string, Partial<Record<Zone, number>>>;
}

const isAcronym = (alias: string): boolean => /^[\p{Lu}\p{N}.&-]+$/u.test(alias) && /\p{Lu}{2}/u.test(alias);

interface CompiledTopic {
  slug: string;
  patterns: { re: RegExp }[];
}

function compile(topic: Topic): CompiledTopic {
  const byCase = [true, false].map((acr) =>
    topic.aliases
      .filter((a) => isAcronym(a) === acr)
      .sort((a, b) => b.length - a.length)
      .map((a) => escapeRegExp(a).replace(/\s+/g, "\\s+")),
  );
  const patterns: { re: RegExp }[] = [];
  const [acronyms, names] = byCase;
  const wrap = (alts: string[]) => `(?<![\\p{L}\\p{N}])(?:${alts.join("|")})(?![\\p{L}\\p{N}])`;
  if (acronyms?.length) patterns.push({ re: new RegExp(wrap(acronyms), "gu") });
  if (names?.length) patterns.push({ re: new RegExp(wrap(names), "giu") });
  return { slug: topic.slug, patterns };
}

/** Mentions of a topic's aliases in one text: non-overlapping, longest alias first. */
function mentionsIn(text: string, topic: CompiledTopic, topicAliases: readonly string[]): Map<string, number> {
  const spans: [number, number, string][] = [];
  for (const { re } of topic.patterns) {
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length, m[0]]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const counts = new Map<string, number>();
  let end = -1;
  for (const [s, e, found] of spans) {
    if (s < end) continue;
    end = e;
    const norm = found.replace(/\s+/g, " ").toLowerCase();
    const alias = topicAliases.find((a) => a.toLowerCase() === norm) ?? found;
    counts.set(alias, (counts.get(alias) ?? 0) + 1);
  }
  return counts;
}

export interface TopicInput {
  title: string;
  /** The article's section headings, one per line. */
  heading?: string;
  lead: string;
  body: string;
}

export function createTopicMatcher(topics: readonly Topic[]) {
  const compiled = topics.map((t) => ({ topic: t, c: compile(t) }));
  return function match(input: TopicInput): TopicMatch[] {
    const out: TopicMatch[] = [];
    for (const { topic, c } of compiled) {
      let score = 0;
      const mentions: TopicMatch["mentions"] = {};
      for (const zone of ["title", "heading", "lead", "body"] as const) {
        for (const [alias, n] of mentionsIn(input[zone] ?? "", c, topic.aliases)) {
          score += n * WEIGHTS[zone];
          const entry = mentions[alias] ?? {};
          entry[zone] = (entry[zone] ?? 0) + n;
          mentions[alias] = entry;
        }
      }
      if (score > 0) out.push({ slug: topic.slug, score, mentions });
    }
    return out.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
  };
}

/** The topics given: score at or above the threshold, most relevant first. */
export function assignedTopics(matches: readonly TopicMatch[]): string[] {
  return matches.filter((m) => m.score >= TOPIC_THRESHOLD).map((m) => m.slug);
}

/** One line per topic considered, saying why it was given or not. */
export function explainTopics(matches: readonly TopicMatch[]): string[] {
  return matches.map((m) => {
    const given = m.score >= TOPIC_THRESHOLD ? "given" : "not given";
    const why = Object.entries(m.mentions)
      .map(([alias, zones]) => {
        const parts = Object.entries(zones).map(([z, n]) => `${n}× ${z}`);
        return `"${alias}" ${parts.join(", ")}`;
      })
      .join("; ");
    return `${m.slug}: ${given} (score ${m.score}, threshold ${TOPIC_THRESHOLD}): ${why}`;
  });
}
