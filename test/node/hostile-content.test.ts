/**
 * Hostile content through the real build and the real Worker (fast-check):
 * articles whose text holds "]]>", "</script>", "<img onerror>", control
 * characters, lone surrogates, U+FFFE, bidi overrides, 100 KB words, emoji,
 * right-to-left scripts and thousands of paragraphs. Every feed stays
 * well-formed in all three formats (JSON Feed valid against its schema),
 * pages show the text inert, and sizes stay bounded. A file the build refuses
 * is named, and nothing of it is published.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { BuildErrors } from "../../src/ingest/errors.js";
import { deployCorpus } from "../../src/publish/deploy.js";
import { FIXTURE_CONTENT, ROOT } from "../support/corpus.js";
import { sharedValidators } from "../support/tools.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker();
});
afterAll(() => worker?.close());

const HOSTILE = [
  "]]>",
  "</script><script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "<![CDATA[ x ]]>",
  "&amp; &lt; &#0; &#x1F; &nbsp;",
  "\u0001\u0007\u001b\u007f",
  "\uFFFE\uFFFF",
  "\u202Eevil\u202C \u2066isolated\u2069",
  "😀👩‍👩‍👧 🇺🇦",
  "مرحبا بالعالم، هذه مقالة",
  "שלום עולם, זה מאמר",
  "\uD800 lone \uDC00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax as hostile text, not a template
  "`${x}` {{x}} <%= x %>",
];

const sentence = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.lorem({ maxCount: 8 })), { minLength: 3, maxLength: 10 })
  .map((parts) => `The council said that ${parts.join(" ")} and the vote was held on Tuesday afternoon.`);

const article = fc.record({
  title: fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.lorem({ maxCount: 3 })), { minLength: 2, maxLength: 5 })
    .map((p) => p.join(" ")),
  paragraphs: fc.array(sentence, { minLength: 2, maxLength: 6 }),
  hugeWord: fc.boolean(),
  manyParagraphs: fc.boolean(),
});

const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters whose absence is checked
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let run = 0;

/** Markup that would run or load something: a script, img, iframe or object element, or an on* attribute. */
function activeMarkup(html: string): string | null {
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*"|='[^']*')?)*)\s*\/?>/g)) {
    if (/^(?:script|img|iframe|object|embed)$/i.test(tag[1] ?? "")) return tag[0];
    for (const attr of (tag[2] ?? "").matchAll(/\s([^\s=>/]+)(?:="[^"]*"|='[^']*')?/g))
      if (/^on/i.test(attr[1] ?? "")) return tag[0];
  }
  return null;
}

/** The HTML an RSS or Atom document carries (content:encoded, content type="html"), CDATA joined back. */
function htmlFields(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(content:encoded|content type="html")>([\s\S]*?)<\/content(?::encoded)?>/g)) {
    out.push((m[2] ?? "").replace(/\]\]\]\]><!\[CDATA\[>/g, "]]>").replace(/^<!\[CDATA\[|\]\]>$/g, ""));
  }
  return out;
}

describe("hostile articles", () => {
  it("build into feeds that stay well-formed, valid and bounded, and pages that show the text inert", async () => {
    const schema = sharedValidators.available
      ? (JSON.parse(readFileSync(join(ROOT, "../shared/validators/jsonfeed-1.1.schema.json"), "utf8")) as object)
      : null;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = schema ? ajv.compile(schema) : null;
    await fc.assert(
      fc.asyncProperty(fc.array(article, { minLength: 1, maxLength: 3 }), async (articles) => {
        const dir = mkdtempSync(join(tmpdir(), "wirefeed-hostile-"));
        try {
          cpSync(join(FIXTURE_CONTENT, "topics.json"), join(dir, "topics.json"));
          writeFileSync(join(dir, "overrides.json"), "{}");
          cpSync(join(FIXTURE_CONTENT, "articles"), join(dir, "articles"), { recursive: true });
          articles.forEach((a, i) => {
            const paras = [...a.paragraphs];
            if (a.hugeWord) paras.push(`A word of 100 KB: ${"x".repeat(100_000)} ends here.`);
            if (a.manyParagraphs)
              for (let k = 0; k < 2000; k++)
                paras.push(`Paragraph ${k} of the long report says that the council met again on Tuesday.`);
            writeFileSync(join(dir, "articles", `h${run}-${i}.txt`), `${a.title}\n\n${paras.join("\n\n")}\n`);
          });
          run++;
          let corpus: ReturnType<typeof buildCorpus>;
          try {
            corpus = buildCorpus({ contentDir: dir, now: "2026-01-01T00:00:00.000Z" });
          } catch (e) {
            // refused content names its file; the rest is tried without it
            expect(e).toBeInstanceOf(BuildErrors);
            for (const err of (e as BuildErrors).errors)
              expect(err.message).toMatch(/^articles\/h\d+-\d\.txt: |\/h\d+-\d\.txt: /);
            return;
          }
          await deployCorpus(corpus.articles, corpus.topics, worker.kv, { lockSettleMs: 0 });
          for (const path of [
            "/feed.xml",
            "/feed.atom",
            "/feed.xml?limit=100",
            "/feed.atom?limit=100",
            "/topics.opml",
          ]) {
            const body = await (await fetch(new URL(path, worker.url))).text();
            expect(XMLValidator.validate(body), path).toBe(true);
            expect(XML_FORBIDDEN.test(body), path).toBe(false);
            // text fields may hold "<script" as text; the HTML fields must never hold it as markup
            for (const html of htmlFields(body)) expect(activeMarkup(html), path).toBeNull();
          }
          const def = await (await fetch(new URL("/feed.xml", worker.url))).arrayBuffer();
          expect(def.byteLength).toBeLessThan(1024 * 1024);
          const big = await (await fetch(new URL("/feed.json?limit=100", worker.url))).arrayBuffer();
          expect(big.byteLength).toBeLessThan(5 * 1024 * 1024);
          const json = JSON.parse(new TextDecoder().decode(big)) as { items: { content_html: string }[] };
          if (validate) expect(validate(json) ? [] : validate.errors).toEqual([]);
          for (const i of json.items) expect(activeMarkup(i.content_html)).toBeNull();
          for (const a of corpus.articles.filter((x) => x.key.startsWith("h"))) {
            const page = await (await fetch(new URL(`/articles/${a.slug}`, worker.url))).text();
            expect(activeMarkup(page)).toBeNull();
            expect(page.length).toBeLessThan(2_000_000);
            const record = (await (await fetch(new URL(`/articles/${a.slug}.json`, worker.url))).json()) as {
              title: string;
            };
            expect(record.title).toBe(a.title);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});

describe("an article longer than a feed item carries", () => {
  it("is cut in feeds with a link to the rest, and q still finds a word only the cut-off part holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirefeed-long-"));
    try {
      cpSync(join(FIXTURE_CONTENT, "topics.json"), join(dir, "topics.json"));
      writeFileSync(join(dir, "overrides.json"), "{}");
      cpSync(join(FIXTURE_CONTENT, "articles"), join(dir, "articles"), { recursive: true });
      const paras = Array.from(
        { length: 1500 },
        (_, k) => `Paragraph ${k} of the long report says that the council met again on Tuesday evening.`,
      );
      paras.push("At the very end the report names the Quetzalcoatl bridge for the first time.");
      writeFileSync(join(dir, "articles", "long-report.txt"), `The long council report\n\n${paras.join("\n\n")}\n`);
      const corpus = buildCorpus({ contentDir: dir, now: "2026-01-01T00:00:00.000Z" });
      await deployCorpus(corpus.articles, corpus.topics, worker.kv, { lockSettleMs: 0 });
      type Feed = { items: { title: string; content_html: string }[] };
      const search = async (q: string) =>
        (await (await fetch(new URL(`/feed.json?q=${q}&limit=100`, worker.url))).json()) as Feed;
      const found = await search("quetzalcoatl");
      expect(found.items.map((i) => i.title)).toEqual(["The long council report"]);
      expect(found.items[0]?.content_html).not.toContain("Quetzalcoatl");
      expect(found.items[0]?.content_html).toContain("Continue reading");
      expect((await search("quetzalcoatl%20tuesday")).items).toHaveLength(1);
      expect((await search("quetzalcoatl%20wednesday")).items).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
