/**
 * `npm run bench:stories [-- N...]`: story grouping time and memory on
 * generated corpora (default 10,000 and 100,000 articles). Each article is
 * 250 words drawn from a 20,000-word vocabulary with its own names and
 * figures; one in ten is a syndicated copy of an earlier one and one in ten
 * an excerpt, so the grouper has real links to find. Prints the time to
 * compute features and to group, the peak heap, and whether every planted
 * copy and excerpt was found (recall) and no two unrelated articles joined
 * (precision), measured against the generator's own truth.
 */
import { storyFeatures } from "../../src/ingest/stories/features.js";
import { groupStories } from "../../src/ingest/stories/group.js";
import { prng } from "./synthetic.js";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [10_000, 100_000];
const VOCABULARY = 20_000;
const WORDS_PER_ARTICLE = 250;

function word(i: number): string {
  // pronounceable, distinct words: base-20 syllables
  const syllables = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "be",
    "da",
    "fe",
    "gu",
    "ho",
    "ji",
    "ze",
    "po",
    "qu",
    "wy",
    "xe",
    "ul",
  ];
  let s = "";
  let n = i + 400;
  while (n > 0) {
    s += syllables[n % 20];
    n = Math.floor(n / 20);
  }
  return s;
}

function corpus(n: number) {
  const rnd = prng(n);
  const origin: number[] = [];
  const texts: { key: string; title: string; text: string; published: string }[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const day = Date.UTC(2024, 0, 1) + Math.floor(rnd() * 700) * 86_400_000;
    if (i > 10 && r < 0.2) {
      const of = origin[Math.floor(rnd() * i)] as number;
      const src = texts[of] as (typeof texts)[number];
      // a copy or an excerpt (the first third) of an earlier original, a day later
      const text = r < 0.1 ? src.text : src.text.slice(0, Math.floor(src.text.length / 3));
      texts.push({
        key: `a${i}`,
        title: src.title,
        text,
        published: new Date(Date.parse(src.published) + 86_400_000).toISOString(),
      });
      origin.push(of);
      continue;
    }
    const words: string[] = [];
    for (let w = 0; w < WORDS_PER_ARTICLE; w++) {
      // Zipf-like: small indices are common words
      const k = Math.floor(VOCABULARY ** rnd()) - 1;
      words.push(w % 25 === 0 ? `Name${Math.floor(rnd() * n * 2)}` : word(k));
      if (w % 40 === 39) words.push(`${Math.floor(rnd() * 100_000)}.`);
    }
    texts.push({
      key: `a${i}`,
      title: words.slice(0, 8).join(" "),
      text: words.join(" "),
      published: new Date(day).toISOString(),
    });
    origin.push(i);
  }
  return { texts, origin };
}

console.log(`Story grouping on generated corpora (Node ${process.version}); 20% of articles are copies or excerpts.`);
for (const n of SIZES) {
  const { texts, origin } = corpus(n);
  global.gc?.();
  const t0 = performance.now();
  const features = texts.map(storyFeatures);
  const t1 = performance.now();
  const stories = groupStories(features);
  const t2 = performance.now();
  const heap = process.memoryUsage().heapUsed / 1048576;
  const storyOf = new Map<string, string>();
  for (const s of stories) for (const m of s.members) storyOf.set(m, s.id);
  let truePairs = 0;
  let found = 0;
  let falseJoins = 0;
  const byOrigin = new Map<number, string[]>();
  for (const [i, o] of origin.entries()) {
    const list = byOrigin.get(o);
    if (list) list.push(`a${i}`);
    else byOrigin.set(o, [`a${i}`]);
  }
  for (const members of byOrigin.values()) {
    for (const m of members.slice(1)) {
      truePairs++;
      if (storyOf.get(m) === storyOf.get(members[0] as string)) found++;
    }
  }
  for (const s of stories) {
    const origins = new Set(s.members.map((m) => origin[Number(m.slice(1))]));
    falseJoins += origins.size - 1;
  }
  console.log(
    `  ${String(n).padStart(9)} articles: features ${((t1 - t0) / 1000).toFixed(1)} s, grouping ${((t2 - t1) / 1000).toFixed(1)} s, heap ${heap.toFixed(0)} MiB; planted links found ${found}/${truePairs}; unrelated stories joined ${falseJoins}`,
  );
}
