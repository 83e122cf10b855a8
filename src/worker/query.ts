/**
 * The filter parameters every feed URL takes, validated with zod. Unknown
 * parameters are ignored (readers and proxies add utm_* and the like); a bad
 * value is a 400 that names the parameter and says what it accepts.
 */
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { PAGE_SIZE } from "../schema/store.js";
import { words } from "../shared/text.js";
import { problem } from "./problem.js";

export const DEFAULT_LIMIT = 20;
export const MAX_Q_CHARS = 200;
/** Topics in `topic` and `exclude` together, and words in `q`: what keeps a request's first KV round trip within one bulk read (docs/store-layout.md). */
export const MAX_TOPICS = 10;
export const MAX_Q_WORDS = 8;

/** `topic=a&topic=b` and `topic=a,b` alike: distinct, lower-cased, empty parts dropped. */
const topicList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const parts = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(","));
    return [...new Set(parts.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  })
  .refine((list) => list.length <= MAX_TOPICS, { message: `at most ${MAX_TOPICS} topics` });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/** An ISO 8601 date or date-time as epoch milliseconds; `endOfDay` makes a bare date inclusive (until). */
function instant(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      const d = DATE.exec(s);
      const dt = d ? null : DATE_TIME.exec(s);
      const parts = d ?? dt;
      if (!parts) {
        ctx.addIssue({ code: "custom", message: "not an ISO 8601 date" });
        return z.NEVER;
      }
      const [y, mo, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
      const probe = new Date(Date.UTC(y, mo - 1, day));
      if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== day || y < 1 || y > 9999) {
        ctx.addIssue({ code: "custom", message: "no such day" });
        return z.NEVER;
      }
      if (d) return probe.getTime() + (endOfDay ? 86_400_000 - 1 : 0);
      const [hh, mm, ss] = [Number(dt?.[4]), Number(dt?.[5]), Number(dt?.[6] ?? 0)];
      if (hh > 23 || mm > 59 || ss > 59) {
        ctx.addIssue({ code: "custom", message: "no such time" });
        return z.NEVER;
      }
      const frac = (dt?.[7] ?? "").slice(0, 4);
      const zone = (dt?.[8] ?? "Z").toUpperCase();
      const pad = (n: number) => String(n).padStart(2, "0");
      const t = Date.parse(`${s.slice(0, 10)}T${pad(hh)}:${pad(mm)}:${pad(ss)}${frac}${zone}`);
      if (Number.isNaN(t)) {
        ctx.addIssue({ code: "custom", message: "not an ISO 8601 date" });
        return z.NEVER;
      }
      return t;
    });
}

/** A page boundary: the date (epoch ms) and slug of an item, written `1742169600000.some-slug`. */
export interface Cursor {
  published: number;
  slug: string;
}

const cursor = z
  .string()
  .regex(/^-?\d{1,15}\.[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(200)
  .transform((s): Cursor => {
    const at = s.indexOf(".");
    return { published: Number(s.slice(0, at)), slug: s.slice(at + 1) };
  });

export const formatCursor = (c: Cursor): string => `${c.published}.${c.slug}`;

/** Renders feeds with the whole body (default) or only the summary, for light feeds. */
const CONTENT_MODES = ["full", "summary"] as const;

/** The feed parameters one by one (FeedQuery adds the check across them); /openapi.json describes these. */
export const FeedQueryFields = z.object({
  topic: topicList,
  exclude: topicList,
  match: z.enum(["any", "all"]).default("any"),
  q: z
    .string()
    .max(MAX_Q_CHARS)
    .optional()
    .transform((s) => (s === undefined ? [] : [...new Set(words(s))]))
    .refine((w) => w.length <= MAX_Q_WORDS, { message: `at most ${MAX_Q_WORDS} words` }),
  since: instant(false).optional(),
  until: instant(true).optional(),
  limit: z
    .string()
    .regex(/^\s*\d{1,3}\s*$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(PAGE_SIZE))
    .default(DEFAULT_LIMIT),
  before: cursor.optional(),
  after: cursor.optional(),
  content: z.enum(CONTENT_MODES).default("full"),
});

export const FeedQuery = FeedQueryFields.refine((q) => q.topic.length + q.exclude.length <= MAX_TOPICS, {
  path: ["exclude"],
  message: `at most ${MAX_TOPICS} topics in topic and exclude together`,
});
export type FeedQuery = z.infer<typeof FeedQuery>;

/** What each parameter accepts, in the words of the 400 answer (and of /openapi.json). */
export const ACCEPTS: Record<keyof typeof FeedQueryFields.shape, string> = {
  topic: `topic slugs, repeated or comma-separated (at most ${MAX_TOPICS}, with those of \`exclude\`); see /topics`,
  exclude: `topic slugs, repeated or comma-separated (at most ${MAX_TOPICS}, with those of \`topic\`); see /topics`,
  match: '"any" (default) or "all"',
  q: `words that must all appear: at most ${MAX_Q_CHARS} characters, at most ${MAX_Q_WORDS} words`,
  since: "an ISO 8601 date (2025-03-17) or date-time (2025-03-17T09:30:00Z)",
  until: "an ISO 8601 date (2025-03-17) or date-time (2025-03-17T09:30:00Z)",
  limit: `a whole number from 1 to ${PAGE_SIZE} (default ${DEFAULT_LIMIT})`,
  before: "a cursor from a feed's next link, such as 1742169600000.some-slug",
  after: "a cursor from a feed's previous link, such as 1742169600000.some-slug",
  content: '"full" (default) or "summary"',
};

/** Allowed values of enumerated parameters, sent as the `allowed` member. */
const ALLOWED: Record<string, string[]> = { match: ["any", "all"], content: [...CONTENT_MODES] };

/** zValidator for the feed query, answering bad values with a problem that names the parameter. */
export const feedQueryValidator = zValidator("query", FeedQuery, (result, c) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  const parameter = String(issue?.path[0] ?? "query");
  const given = c.req.queries(parameter) ?? [];
  const shown = given.length > 1 ? `${given.length} values` : `"${(given[0] ?? "").slice(0, 100)}"`;
  const onceOnly = given.length > 1 && parameter !== "topic" && parameter !== "exclude";
  const detail = onceOnly
    ? `The parameter \`${parameter}\` may be given only once; it was given ${given.length} times.`
    : `The parameter \`${parameter}\` must be ${(ACCEPTS as Record<string, string>)[parameter] ?? "valid"}; it was ${shown}.`;
  throw problem(400, detail, { parameter, ...(ALLOWED[parameter] ? { allowed: ALLOWED[parameter] } : {}) });
});
