/**
 * Topics of the taxonomy (content/topics.json) as the build reads them and as the
 * Worker lists them. Pure zod; imports neither node:* nor cloudflare:*.
 */
import { z } from "zod";
import { CleanText, Slug } from "./article.js";

/** Characters a topic name may not hold: they would need escaping in XML attributes. */
const PlainName = CleanText.max(80).refine((s) => !/[<>"&]/.test(s), {
  message: 'may not contain <, >, " or &',
});

export const Topic = z.object({
  slug: Slug.max(60),
  name: PlainName,
  description: CleanText.max(300),
  /**
   * Names, places, people and organisations whose mention signals the topic.
   * Matched as whole words; an alias written in capitals (an acronym) matches
   * case-sensitively, others case-insensitively.
   */
  aliases: z.array(CleanText.max(80)).min(1),
});
export type Topic = z.infer<typeof Topic>;

export const Taxonomy = z.object({ topics: z.array(Topic).min(1) }).superRefine((t, ctx) => {
  const seen = new Set<string>();
  for (const [i, topic] of t.topics.entries()) {
    if (seen.has(topic.slug)) {
      ctx.addIssue({ code: "custom", path: ["topics", i, "slug"], message: `duplicate topic slug "${topic.slug}"` });
    }
    seen.add(topic.slug);
  }
});
export type Taxonomy = z.infer<typeof Taxonomy>;
