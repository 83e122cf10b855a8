/**
 * `npm run --silent clean -- FILE...`: prints the cleaned Articles as JSON on
 * stdout (warnings and errors go to stderr).
 *   --explain FILE...  why each line was kept or dropped and why each topic was given
 *   --bench DIR        bodies of every DIR/*.txt as {"ID": {"articleBody": text}} for the cleaning bench
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { blocksToLines } from "../shared/blocks-html.js";
import { assembleArticle } from "./article.js";
import {
  ARTICLES_DIR,
  LEDGER_FILE,
  OVERRIDES_FILE,
  readLedger,
  readOverrides,
  readTaxonomy,
  TAXONOMY_FILE,
} from "./content-files.js";
import {
  cleanFile,
  cleanInput,
  corpusCommonLines,
  readableTexts,
  readRawFile,
  scoreTopics,
  titleWarning,
} from "./corpus.js";
import { BuildError, BuildErrors } from "./errors.js";
import { createTopicMatcher, explainTopics } from "./topics.js";

const CONTENT_DIR = process.env.WIREFEED_CONTENT_DIR ?? "content";

function usage(): never {
  process.stderr.write(
    "usage: npm run --silent clean -- [--explain] FILE...\n       npm run --silent clean -- --bench DIR\n",
  );
  process.exit(2);
}

function bench(dir: string): void {
  const out: Record<string, { articleBody: string }> = {};
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".txt"))
    .sort();
  const skip = (name: string, e: unknown) => {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`warning: ${e.message}\n`);
    out[name.replace(/\.txt$/, "")] = { articleBody: "" };
  };
  const inputs = names.flatMap((name) => {
    try {
      return [{ name, input: readRawFile(join(dir, name)) }];
    } catch (e) {
      skip(name, e);
      return [];
    }
  });
  const commonLines = corpusCommonLines(inputs.map(({ input }) => input.text));
  for (const { name, input } of inputs) {
    try {
      const { key, page } = cleanInput(join(dir, name), join(dir, name), input, { commonLines });
      out[key] = { articleBody: blocksToLines(page.blocks).join("\n") };
    } catch (e) {
      skip(name, e);
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function main(argv: string[]): void {
  const explain = argv.includes("--explain");
  const benchAt = argv.indexOf("--bench");
  if (benchAt >= 0) {
    const dir = argv[benchAt + 1];
    if (!dir) usage();
    bench(dir);
    return;
  }
  const files = argv.filter((a) => !a.startsWith("--"));
  if (files.length === 0) usage();
  const taxonomy = readTaxonomy(join(CONTENT_DIR, TAXONOMY_FILE));
  const overrides = readOverrides(join(CONTENT_DIR, OVERRIDES_FILE));
  const ledger = readLedger(join(CONTENT_DIR, LEDGER_FILE));
  const matcher = createTopicMatcher(taxonomy.topics);
  const now = new Date().toISOString();
  // Lines the corpus shares are furniture: count them over the distinct texts of content/ and the files given.
  const corpusDir = join(CONTENT_DIR, ARTICLES_DIR);
  const corpusFiles = existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((n) => n.endsWith(".txt"))
        .map((n) => join(corpusDir, n))
    : [];
  const commonLines = corpusCommonLines(
    readableTexts([...new Set([...corpusFiles.map((f) => resolve(f)), ...files.map((f) => resolve(f))])]),
  );
  const articles = [];
  const errors: BuildError[] = [];
  for (const file of files) {
    try {
      const cleaned = cleanFile(file, file, { commonLines });
      for (const w of cleaned.warnings) process.stderr.write(`warning: ${w}\n`);
      const override = overrides[cleaned.key] ?? {};
      const titleNote = titleWarning(cleaned, override.title !== undefined);
      if (titleNote) process.stderr.write(`warning: ${titleNote}\n`);
      const topics = scoreTopics(matcher, cleaned.page, override.title ?? cleaned.page.title ?? "");
      const { article } = assembleArticle({
        key: cleaned.key,
        file,
        page: cleaned.page,
        override,
        topics,
        ledger: ledger[cleaned.key],
        now,
        language: "en",
      });
      if (explain) {
        const lines = [
          `# ${file}: "${article.title}"${cleaned.page.titleDerived ? " (title derived from the lead)" : ""}`,
        ];
        lines.push("## topics");
        lines.push(...(topics.length ? explainTopics(topics) : ["(no alias of any topic is mentioned)"]));
        lines.push("## lines");
        for (const t of cleaned.page.trace)
          lines.push(`${String(t.line + 1).padStart(4)} ${t.verdict.padEnd(15)} ${t.text.slice(0, 100)}`);
        process.stdout.write(`${lines.join("\n")}\n\n`);
      } else articles.push(article);
    } catch (e) {
      if (e instanceof BuildError) errors.push(e);
      else throw e;
    }
  }
  if (!explain) process.stdout.write(`${JSON.stringify(articles, null, 2)}\n`);
  if (errors.length) {
    process.stderr.write(`error: ${new BuildErrors(errors).message}\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2));
