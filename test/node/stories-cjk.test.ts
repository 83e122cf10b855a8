/**
 * Story grouping of Japanese text, which puts no spaces between words: Han,
 * Hiragana and Katakana characters are words of their own (features.ts), so
 * a copy and a lead excerpt of a Japanese article share its lead's character
 * 5-grams and join its story, while another Japanese article about the same
 * place (another event) does not. Texts written for this test.
 */
import { describe, expect, it } from "vitest";
import { type StoryInput, storyFeatures } from "../../src/ingest/stories/features.js";
import { groupStories } from "../../src/ingest/stories/group.js";

const DAM = [
  "長野県の木曽川で建設が進められていた新しい発電用ダムが十九日に完成し、県庁で記念の式典が開かれた。",
  "県によると、ダムの四基の水車で谷の約十二万世帯に電気を送ることができ、工事には六年かかった。",
  "式典で知事は「この谷の明かりを百年守るダムになる」と述べ、工事に携わった作業員や住民に感謝した。",
  "ダムの貯水池は三十五平方キロメートルに広がり、二つの集落が水の底に沈んだため、住民は下流の町に移り住んだ。",
  "環境団体は魚道が約束どおり造られたことを評価する一方、ダムの下の川の流れを毎月調べるよう求めている。",
  "ダムを建設した会社は一年間の試運転を行った後、県の電力会社に水車を引き渡す予定だ。",
];

const SCHOOL = [
  "長野県の木曽川沿いにある小学校が今年度で閉校することになり、十九日に最後の運動会が開かれた。",
  "町の教育委員会によると、児童の数は十年前の半分以下に減り、来年の春から隣町の学校に通うことになる。",
  "運動会では卒業生や地域の住民も綱引きや玉入れに参加し、校庭には大きな拍手が響いた。",
  "校長は「子どもたちの笑顔を最後まで見られてうれしい」と話し、百二十年の歴史を振り返った。",
];

const article = (key: string, title: string, paragraphs: string[], published: string | null): StoryInput => ({
  key,
  title,
  text: paragraphs.join("\n"),
  published,
});

const original = article("a-original", "木曽川の新ダムが完成　十二万世帯に電気", DAM, "2026-11-19T00:00:00.000Z");
const copy = article("b-copy", "木曽川の新ダムが完成　十二万世帯に電気", DAM, "2026-11-19T00:00:00.000Z");
const excerpt = article(
  "c-excerpt",
  "長野の新しいダム、六年の工事を終えて完成",
  [...DAM.slice(0, 2), "続きは信濃日報のウェブサイトでお読みください。"],
  "2026-11-20T00:00:00.000Z",
);
const otherEvent = article("d-school", "木曽川沿いの小学校で最後の運動会", SCHOOL, "2026-11-19T00:00:00.000Z");

describe("Japanese articles", () => {
  const stories = groupStories([original, copy, excerpt, otherEvent].map(storyFeatures));
  const storyOf = (key: string) => stories.find((s) => s.members.includes(key));

  it("cuts the text into characters: the lead has its 5-grams, the sketch its bands", () => {
    const f = storyFeatures(original);
    expect(f.lead.length).toBeGreaterThanOrEqual(20);
    expect(f.bands.length).toBeGreaterThan(0);
  });

  it("a copy and a lead excerpt join the original's story", () => {
    expect(storyOf("a-original")?.members).toEqual(["a-original", "b-copy", "c-excerpt"]);
    expect(storyOf("c-excerpt")?.links.some((l) => l.kind === "copy")).toBe(true);
  });

  it("another article about the same river does not join", () => {
    expect(storyOf("d-school")?.members).toEqual(["d-school"]);
  });
});
