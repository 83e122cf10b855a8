/**
 * The cleaning bench's metric (../shared/cleaning-bench/score.py) in
 * TypeScript: 4-token shingles of \w+ tokens; per page, true/false positives
 * and negatives normalised to sum to 1; precision and recall averaged over
 * pages; F1 of the two.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingles(text: string, n = 4): Map<string, number> {
  const toks = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  const count = Math.max(1, toks.length - n + 1);
  for (let i = 0; i < count; i++) {
    const s = toks.slice(i, i + n);
    if (s.length === 0) continue;
    const k = s.join("\u0001");
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function docCounts(truth: string, pred: string): [number, number, number] {
  const t = shingles(truth);
  const p = shingles(pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, c] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(c, tc);
    fp += Math.max(0, c - tc);
  }
  for (const [k, c] of t) fn += Math.max(0, c - (p.get(k) ?? 0));
  const s = tp + fp + fn;
  return s ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

export interface BenchScore {
  precision: number;
  recall: number;
  f1: number;
}

export function scoreBodies(
  gold: Record<string, { articleBody?: string }>,
  pred: Record<string, { articleBody?: string }>,
  ids: readonly string[],
): BenchScore {
  const precs: number[] = [];
  const recs: number[] = [];
  for (const k of ids) {
    const [tp, fp, fn] = docCounts(gold[k]?.articleBody ?? "", pred[k]?.articleBody ?? "");
    if (tp + fp > 0) precs.push(fp === 0 && fn === 0 ? 1 : tp / (tp + fp));
    if (tp + fn > 0) recs.push(fp === 0 && fn === 0 ? 1 : tp / (tp + fn));
  }
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = avg(precs);
  const recall = avg(recs);
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
