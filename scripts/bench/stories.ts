/**
 * `npm run bench:stories [-- N...]`: story grouping time and memory on
 * generated corpora (default 10,000 and 100,000 articles; the deploy's scale
 * is `npm run bench:stories -- 100000 1000000`). The corpus comes from
 * src/ingest/stories/synthetic.ts, streamed as the deploy streams its
 * articles: names drawn from a skewed pool (common names in many articles),
 * several versions per story (syndicated copies, lead excerpts, edited
 * versions, rewrites by other outlets), other events reusing an earlier
 * story's names, some articles undated. Each article's features are computed
 * as it arrives and packed (what groupInputs does); its text is not kept.
 * Prints the time to compute features (generating the text not counted) and
 * to group, wall clock and the process's CPU time (other load on the machine
 * stretches the first, less the second), the heap after grouping and the process's peak RSS so far, and,
 * against the generator's truth, the planted links found (by kind: a version
 * is found when it ends in its story's first article's story) and the
 * articles joined to another story's (false joins).
 */
import { compactStoryFeatures } from "../../src/ingest/stories/features.js";
import { groupPack } from "../../src/ingest/stories/group.js";
import { StoryPack } from "../../src/ingest/stories/pack.js";
import { syntheticStories, type VersionKind } from "../../src/ingest/stories/synthetic.js";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [10_000, 100_000];
const KINDS: VersionKind[] = ["original", "copy", "excerpt", "edit", "rewrite", "other-event"];
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

console.log(`Story grouping on generated corpora (Node ${process.version})`);
for (const n of SIZES) {
  global.gc?.();
  const story = new Int32Array(n);
  const kind = new Uint8Array(n);
  const pack = new StoryPack();
  let featureMs = 0;
  let featureCpu = 0;
  let i = 0;
  for (const article of syntheticStories(n, 1)) {
    story[i] = article.story;
    kind[i] = KINDS.indexOf(article.kind);
    const t = performance.now();
    const c = process.cpuUsage();
    pack.push(compactStoryFeatures(article.input));
    featureCpu += process.cpuUsage(c).user;
    featureMs += performance.now() - t;
    i++;
  }
  global.gc?.();
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const packed = used();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const stories = groupPack(pack);
  const groupMs = performance.now() - t0;
  const groupCpu = process.cpuUsage(c0).user;
  const heap = used();
  const peak = process.resourceUsage().maxRSS * 1024;
  // truth: each story's first article; a version is found when it is in that article's story
  const storyOf = new Int32Array(n);
  stories.forEach((s, k) => {
    for (const m of s.members) storyOf[Number(m.slice(1))] = k;
  });
  const first = new Map<number, number>();
  const found = new Map<VersionKind, [number, number]>();
  for (let a = 0; a < n; a++) {
    const s = story[a] as number;
    const head = first.get(s);
    if (head === undefined) {
      first.set(s, a);
      continue;
    }
    const k = KINDS[kind[a] as number] as VersionKind;
    const f = found.get(k) ?? [0, 0];
    f[1]++;
    if (storyOf[a] === storyOf[head]) f[0]++;
    found.set(k, f);
  }
  let falseJoins = 0;
  for (const s of stories) {
    if (s.members.length < 2) continue;
    falseJoins += new Set(s.members.map((m) => story[Number(m.slice(1))])).size - 1;
  }
  const recall = [...found]
    .map(([k, [hit, all]]) => `${k} ${hit}/${all} (${((100 * hit) / Math.max(1, all)).toFixed(1)}%)`)
    .join(", ");
  console.log(
    `  ${String(n).padStart(9)} articles: features ${(featureMs / 1000).toFixed(1)} s (CPU ${(featureCpu / 1e6).toFixed(1)} s), grouping ${(groupMs / 1000).toFixed(1)} s (CPU ${(groupCpu / 1e6).toFixed(1)} s); heap and buffers: packed ${mib(packed)}, after grouping ${mib(heap)}, peak RSS ${mib(peak)}; ${stories.length} stories`,
  );
  console.log(`             planted links found: ${recall}; articles joined to another story: ${falseJoins}`);
}
