/**
 * `npm run bench:clean [-- DIR GOLD]`: runs the cleaner over a folder of page
 * dumps, scores the bodies against the gold ones with the cleaning bench's
 * metric (4-token shingles, per-page normalised, precision and recall averaged
 * over pages, F1 of the two; src/ingest/clean/score.ts re-implements score.py),
 * and measures throughput side by side: the same pages cleaned round after
 * round (cold first round, warm median), and one synthetic 20 MB dump.
 * Quality is printed for each half of dev (sorted ids, alternating) and for
 * all of it: tune on one half, check on the other.
 * Without ../shared (the bench's home) it says so and exits 0.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { cleanPage } from "../src/ingest/clean/index.js";
import { scoreBodies } from "../src/ingest/clean/score.js";
import { corpusCommonLines } from "../src/ingest/corpus.js";
import { decodeInput } from "../src/ingest/read-input.js";
import { blocksToLines } from "../src/shared/blocks-html.js";

const [dir = "../shared/cleaning-bench/dev", goldPath = "../shared/cleaning-bench/dev-gold.json"] =
  process.argv.slice(2);
if (!existsSync(dir)) {
  console.log(`No cleaning bench at ${dir} (it lives in ../shared/cleaning-bench); nothing to measure.`);
  process.exit(0);
}

const names = readdirSync(dir)
  .filter((n) => n.endsWith(".txt"))
  .sort();
const pages = names.map((n) => ({
  id: n.replace(/\.txt$/, ""),
  text: decodeInput(n, readFileSync(join(dir, n))).text,
}));
const commonLines = corpusCommonLines(pages.map((p) => p.text));

// Quality
const predictions: Record<string, { articleBody: string }> = {};
for (const p of pages)
  predictions[p.id] = { articleBody: blocksToLines(cleanPage(p.text, { commonLines }).blocks).join("\n") };
if (existsSync(goldPath)) {
  const gold = JSON.parse(readFileSync(goldPath, "utf8")) as Record<string, { articleBody: string }>;
  const ids = Object.keys(gold).sort();
  const raw: Record<string, { articleBody: string }> = Object.fromEntries(
    pages.map((p) => [p.id, { articleBody: p.text }]),
  );
  const base = scoreBodies(gold, raw, ids);
  // The halves of the development split: sorted ids, alternating (A = even positions, B = odd).
  // Develop on one, check on the other; a change that helps one and hurts the other is fitting.
  const halves: [string, string[]][] = [
    ["dev half A", ids.filter((_, i) => i % 2 === 0)],
    ["dev half B", ids.filter((_, i) => i % 2 === 1)],
    ["all of dev", ids],
  ];
  console.log(`Quality on ${ids.length} pages of ${dir} (gold ${goldPath}):`);
  console.log(
    `  raw text (no cleaning), all  precision ${base.precision.toFixed(3)}  recall ${base.recall.toFixed(3)}  F1 ${base.f1.toFixed(3)}`,
  );
  for (const [label, part] of halves) {
    const s = scoreBodies(gold, predictions, part);
    console.log(
      `  ${label.padEnd(11)} (${String(part.length).padStart(2)} pages)  precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`,
    );
  }
} else {
  console.log(`No gold file at ${goldPath}: throughput only.`);
}

// Throughput: the same pages, round after round (the first round includes JIT warm-up).
const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
const ROUNDS = 24;
const rates: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  for (const p of pages) cleanPage(p.text, { commonLines });
  rates.push(bytes / 1e6 / ((performance.now() - t0) / 1000));
}
const warm = rates.slice(ROUNDS / 2).sort((a, b) => a - b);
const median = warm[Math.floor(warm.length / 2)] ?? 0;
const big = pages.map((p) => p.text).join("\n");
const large = big.repeat(Math.ceil(20e6 / Buffer.byteLength(big)));
const t0 = performance.now();
cleanPage(large);
const largeRate = Buffer.byteLength(large) / 1e6 / ((performance.now() - t0) / 1000);
console.log(
  `Throughput (${cpus().length} cores, ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}), ${(bytes / 1e6).toFixed(2)} MB per round:`,
);
console.log(`  first round (cold)              ${rates[0]?.toFixed(1)} MB/s`);
console.log(`  rounds ${ROUNDS / 2 + 1}-${ROUNDS} (warm), median    ${median.toFixed(1)} MB/s`);
console.log(
  `  one ${(Buffer.byteLength(large) / 1e6).toFixed(0)} MB dump                  ${largeRate.toFixed(1)} MB/s`,
);
