/**
 * Reads what a page says about its article from the lines around it: the
 * headline (or one derived from the lead when the page has none), the byline,
 * the publication date (the one by the headline, not the site's "today"), the
 * section, the site, the original source named in a dek, and the tag line.
 */
import { isHeadlineLike, type Line } from "./lines.js";

/**
 * Month names in the languages the cleaner reads (English, German, French,
 * Spanish, Portuguese, Italian, Dutch, Indonesian), lower case, by month.
 */
const MONTH_NAMES: readonly string[][] = [
  ["january", "januar", "janvier", "enero", "janeiro", "gennaio", "januari"],
  ["february", "februar", "février", "fevrier", "febrero", "fevereiro", "febbraio", "februari"],
  ["march", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "maret"],
  ["april", "avril", "abril", "aprile"],
  ["may", "mai", "mayo", "maio", "maggio", "mei"],
  ["june", "juni", "juin", "junio", "junho", "giugno"],
  ["july", "juli", "juillet", "julio", "julho", "luglio"],
  ["august", "août", "aout", "agosto", "augustus", "agustus"],
  ["september", "septembre", "septiembre", "setembro", "settembre"],
  ["october", "oktober", "octobre", "octubre", "outubro", "ottobre"],
  ["november", "novembre", "noviembre", "novembro"],
  ["december", "dezember", "décembre", "decembre", "diciembre", "dezembro", "dicembre", "desember"],
];
/** English abbreviations ("Sept.", "Nov"), matched only with English names. */
const MONTH_ABBREVIATIONS = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
const MONTH_INDEX = new Map<string, number>();
for (const [m, names] of MONTH_NAMES.entries()) for (const n of names) MONTH_INDEX.set(n, m);
for (const a of MONTH_ABBREVIATIONS)
  MONTH_INDEX.set(
    a,
    MONTH_NAMES.findIndex((n) => n[0]?.startsWith(a.slice(0, 3))),
  );
const MONTH = `(${[...MONTH_INDEX.keys()].sort((a, b) => b.length - a.length).join("|")})\\.?`;
// "November 20, 2026"; "20 November 2026", "30. März 2015", "14 de março de 2025"
const DATE_MDY = new RegExp(`(?<![\\p{L}])${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "iu");
const DATE_DMY = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:de\\s+)?${MONTH}(?:\\s+de)?\\s+(\\d{4})\\b`, "iu");
const DATE_NUMERIC = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d./-]*\d)/;
const DATE_ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?\b/;

function monthIndex(name: string): number {
  return MONTH_INDEX.get(name.toLowerCase().replace(".", "")) ?? -1;
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m || date.getUTCDate() !== d) return null;
  if (y < 1990 || y > 2100) return null;
  return date.toISOString();
}

/** The date a text names (as an ISO instant at midnight UTC, or with its own time and offset), or null. */
export function parseDate(text: string): string | null {
  // every form has a four-digit year: most lines are ruled out without the month patterns
  if (!/\d{4}/.test(text)) return null;
  const iso = DATE_ISO.exec(text);
  if (iso) {
    const [, y, mo, d, hh, mm, ss, tz] = iso;
    if (hh && tz) {
      const t = Date.parse(
        `${y}-${mo}-${d}T${hh}:${mm}:${ss ?? "00"}${tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz}`,
      );
      if (!Number.isNaN(t)) return new Date(t).toISOString();
    }
    return validDay(Number(y), Number(mo) - 1, Number(d));
  }
  const mdy = DATE_MDY.exec(text);
  if (mdy?.[1]) return validDay(Number(mdy[3]), monthIndex(mdy[1]), Number(mdy[2]));
  const dmy = DATE_DMY.exec(text);
  if (dmy?.[2]) return validDay(Number(dmy[3]), monthIndex(dmy[2]), Number(dmy[1]));
  const numeric = DATE_NUMERIC.exec(text);
  if (numeric) {
    const [, a, sep, b, y] = numeric;
    const first = Number(a);
    const second = Number(b);
    // dots are day.month (European); with slashes the order is known only when one part is over 12
    if (sep === "." || sep === "-" || first > 12) return validDay(Number(y), second - 1, first);
    if (second > 12) return validDay(Number(y), first - 1, second);
  }
  return null;
}

/** A line that is a date and little else ("March 17, 2025", "Published: 2024-05-01 10:00"). */
export function isDateLine(l: Line): boolean {
  if (l.words > 12 || l.text.length > 80) return false;
  // "Name (@handle) November 18, 2019" signs an embedded post: the article's, not its date
  if (/\(@[\w.]+\)/.test(l.text)) return false;
  return parseDate(l.text) !== null;
}

const NAME =
  "(\\p{Lu}[\\p{L}'’.-]+(?:\\s+(?:(?:de|da|del|van|von|der|den|bin|al|el|la|le|di|du)\\s+)?\\p{Lu}[\\p{L}'’.-]*){0,4})";
const BYLINE_REPEAT = new RegExp(`^${NAME}\\s+by\\s+${NAME}$`, "u");
const BYLINE_BY = /^(?:by|written by|posted by|words by|author:?|reporting by)\s+(.+)$/iu;
const NAME_PREFIX = new RegExp(`^${NAME}`, "u");
/** "Marta Ruiz / Published: 14 November 2025", "Ana Petrovic | 20 November 2026". */
const BYLINE_BEFORE_DATE = new RegExp(`^${NAME}\\s*[/|•·]\\s*(?:(?:published|updated|posted)\\b|\\d)`, "iu");
/** "Posted on March 30, 2015 by Admin": the date first, the name after "by". */
const BYLINE_DATE_FIRST = new RegExp(
  `^(?:posted|published|written|updated)\\s+(?:on\\s+)?.{4,40}?\\s+by\\s+${NAME}`,
  "iu",
);
/** A credit without "By": "Harbour Gazette staff", "Reuters staff". */
const STAFF_CREDIT = new RegExp(`^${NAME}\\s+(?:staff|staff writers?|newsroom|desk)$`, "u");
/** Where a byline's names end: a separator, or a date, time or "Updated" after a comma. */
const BYLINE_END = /\s*(?:\s[|•·/–—-]\s|[|•·/]|,\s*(?=\d|(?:updated|published|posted|on)\b))/iu;
const MONTH_START = new RegExp(`^${MONTH}(?:\\s|$)`, "iu");

/** The name a byline part opens with (capitalised words, an e-mail or phone after it is not read), never a date or a month. */
function bylineName(text: string): string | null {
  const name = NAME_PREFIX.exec(text.trim())?.[1]?.replace(/\s+(?:On|Updated|Published|Posted)$/u, "");
  if (!name || MONTH_START.test(name) || parseDate(text) !== null) return null;
  return name;
}

/** The author a byline line names, or null: people or an organisation, never a date fragment. */
export function parseByline(l: Line): string | null {
  if (l.words > 14) return null;
  const rep = BYLINE_REPEAT.exec(l.text);
  if (rep?.[1] && rep[2] && rep[1] === rep[2]) return rep[1];
  const before = BYLINE_BEFORE_DATE.exec(l.text);
  if (before?.[1]) return bylineName(before[1]);
  if (STAFF_CREDIT.test(l.text)) return l.text;
  const dateFirst = BYLINE_DATE_FIRST.exec(l.text);
  if (dateFirst?.[1] && parseDate(l.text) !== null) return bylineName(dateFirst[1]);
  const by = BYLINE_BY.exec(l.text);
  if (!by?.[1]) return null;
  // only the names: a byline often goes on with a date, a reading time or "| Reuters"
  const namesPart = by[1].split(BYLINE_END)[0] ?? "";
  const names = namesPart.split(/\s*(?:,|\band\b|&)\s*/u).filter(Boolean);
  const valid = names.map(bylineName);
  if (valid.length === 0 || valid[0] === null) return null;
  const people = valid.filter((n): n is string => n !== null).slice(0, 3);
  return people.length <= 2 ? people.join(" and ") : `${people.slice(0, -1).join(", ")} and ${people.at(-1)}`;
}

/** "in Section" under a byline, or the last crumb of "Home › Section". */
export function parseSection(l: Line): string | null {
  const inLine = /^in\s+(\p{Lu}[\p{L}\p{N} &,'’-]{1,60})$/u.exec(l.text);
  if (inLine?.[1]) return inLine[1].trim();
  const crumb =
    /^home\s*(?:[›>»/|]\s*)?((?:[\p{L}\p{N}][\p{L}\p{N} &'’-]{0,40}?\s*[›>»/|]\s*)*[\p{L}\p{N}][\p{L}\p{N} &'’-]{0,40})$/iu.exec(
      l.text,
    );
  if (crumb?.[1]) return (crumb[1].split(/\s*[›>»/|]\s*/).at(-1) ?? "").trim() || null;
  return null;
}

/** The site a copyright line names: "© 2024 EUROP.INFO - …" → "EUROP.INFO". */
export function parseSite(l: Line): string | null {
  const m =
    /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^-–|,]{2,60}?)(?:\s+[-–|]\s|[,.]\s|\.?$)/iu.exec(
      l.text,
    );
  const site = m?.[1]?.trim().replace(/\.$/, "");
  if (!site || /^all rights/i.test(site)) return null;
  return site;
}

/** A dek that credits its source: "NATO reaffirms … – NATO HQ" → "NATO HQ". */
export function parseOrigin(l: Line): string | null {
  const m = /^(.{20,}?)\s+[–—-]\s+([\p{Lu}\p{N}][^–—]{1,60})$/u.exec(l.text);
  if (!m?.[2]) return null;
  const origin = m[2].trim();
  return origin.split(/\s+/).length <= 6 ? origin : null;
}

/** Words of a page that tell glued tags apart: lower-case words, and acronyms that stand alone. */
export interface PageVocabulary {
  words: ReadonlySet<string>;
  acronyms: ReadonlySet<string>;
}

export function pageVocabulary(texts: readonly string[]): PageVocabulary {
  const words = new Set<string>();
  const acronyms = new Set<string>();
  for (const t of texts) {
    for (const w of t.match(/[\p{L}]+/gu) ?? []) {
      words.add(w.toLowerCase());
      if (w.length >= 2 && w.length <= 6 && w === w.toUpperCase()) acronyms.add(w);
    }
  }
  return { words, acronyms };
}

/** Shortest known half that may be split off a glued word, and shortest other half. */
const KNOWN_HALF = 6;
const OTHER_HALF = 4;

/**
 * Where a word is two tags glued together: "policydiplomacy" (one half a word
 * of the page, the whole not), "HQNATO" (an acronym of the page at one end),
 * "NATONATO" (an acronym twice). Returns the cut, or -1.
 */
function glueCut(word: string, v: PageVocabulary): number {
  if (!/^\p{L}+$/u.test(word)) return -1;
  const lw = word.toLowerCase();
  if (word === word.toUpperCase() && word.length >= 4) {
    for (let cut = word.length - 2; cut >= 2; cut--) {
      if (v.acronyms.has(word.slice(cut)) && (v.acronyms.has(word.slice(0, cut)) || cut <= 3)) return cut;
    }
    return -1;
  }
  if (lw.length < KNOWN_HALF + OTHER_HALF || v.words.has(lw)) return -1;
  let best = -1;
  let bestLen = 0;
  for (let cut = OTHER_HALF; cut <= lw.length - OTHER_HALF; cut++) {
    const left = lw.slice(0, cut);
    const right = lw.slice(cut);
    const len = Math.max(
      v.words.has(left) && left.length >= KNOWN_HALF ? left.length : 0,
      v.words.has(right) && right.length >= KNOWN_HALF ? right.length : 0,
    );
    if (len > bestLen) {
      bestLen = len;
      best = cut;
    }
  }
  return best;
}

/** Tags from a tag line, split where the copy glued them together. */
export function parseTags(text: string, vocabulary: PageVocabulary): string[] {
  const m = /^tags?\s*:\s*(.+)$/i.exec(text);
  if (!m?.[1]) return [];
  const tags: string[] = [];
  for (const part of m[1].split(/\s*[,;|]\s*|(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u)) {
    let current: string[] = [];
    for (const word of part.trim().split(/\s+/)) {
      const cut = glueCut(word, vocabulary);
      if (cut < 0) {
        current.push(word);
        continue;
      }
      current.push(word.slice(0, cut));
      tags.push(current.join(" "));
      current = [word.slice(cut)];
    }
    tags.push(current.join(" "));
  }
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 1))];
}

/** How much a line looks like the page's headline (0 = not at all). */
export function headlineScore(l: Line): number {
  if (!isHeadlineLike(l)) return 0;
  let score = 1;
  if (l.capRatio >= 0.6) score += 1;
  if (parseOrigin(l)) score -= 0.5;
  return score;
}

/** A headline made from the lead when the page has none: its first sentence, or the clause that opens it. */
export function deriveTitle(lead: string): string {
  const sentence = (/^.+?[.!?](?=\s+\p{Lu}|$)/u.exec(lead)?.[0] ?? lead).replace(/[.!?]$/, "").trim();
  const words = sentence.split(/\s+/);
  if (words.length <= 16) return sentence;
  const clause = /^(.+?)[,;:–—](?:\s|$)/u.exec(sentence)?.[1];
  if (clause && clause.split(/\s+/).length >= 6 && clause.split(/\s+/).length <= 16) return clause.trim();
  return `${words.slice(0, 14).join(" ")}…`;
}
