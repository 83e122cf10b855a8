/**
 * `npm run --silent stories -- FILE...`: cleans the files (furniture counted
 * over them, as the build does), groups them into stories and prints the
 * groups as JSON with the evidence for each link (shared shingles, names,
 * figures, quotations).
 *   --bench DIR   {"NAME": "STORY_ID", ...} for every DIR/NAME.txt, the format
 *                 of ../shared/story-bench's scorer
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { blocksToLines } from "../shared/blocks-html.js";
import { cleanInput, corpusCommonLines, readRawFile } from "./corpus.js";
import { BuildError } from "./errors.js";
import { storyFeatures } from "./stories/features.js";
import { groupStories } from "./stories/group.js";

function usage(): never {
  process.stderr.write("usage: npm run --silent stories -- FILE...\n       npm run --silent stories -- --bench DIR\n");
  process.exit(2);
}

function featuresOf(paths: readonly string[]) {
  const inputs = paths.flatMap((path) => {
    try {
      return [{ path, input: readRawFile(path) }];
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      process.stderr.write(`warning: ${e.message}\n`);
      return [];
    }
  });
  const commonLines = corpusCommonLines(inputs.map(({ input }) => input.text));
  return inputs.map(({ path, input }) => {
    const { page } = cleanInput(path, path, input, { commonLines });
    return storyFeatures({
      key: basename(path).replace(/\.txt$/i, ""),
      title: page.title ?? "",
      text: blocksToLines(page.blocks).join("\n"),
      published: page.published,
    });
  });
}

const args = process.argv.slice(2);
if (args.length === 0) usage();
if (args[0] === "--bench") {
  const dir = args[1] ?? usage();
  const paths = readdirSync(dir)
    .filter((n) => n.endsWith(".txt"))
    .sort()
    .map((n) => join(dir, n));
  const out: Record<string, string> = {};
  for (const story of groupStories(featuresOf(paths))) for (const m of story.members) out[m] = story.id;
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else {
  const stories = groupStories(featuresOf(args)).map((s) => ({
    id: s.id,
    articles: s.members,
    links: s.links.map((l) => ({
      articles: [l.a, l.b],
      kind: l.kind,
      sharedShingles: Number(l.containment.toFixed(3)),
      sharedNames: l.sharedNames.slice(0, 12),
      sharedNumbers: l.sharedNumbers.slice(0, 12),
      sharedQuotes: l.sharedQuotes,
    })),
  }));
  process.stdout.write(`${JSON.stringify(stories, null, 2)}\n`);
}
