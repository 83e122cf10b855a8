/**
 * A story for tests of the story feeds and pages: the fixture corpus's Lunar
 * Gateway article, a syndicated copy of it on another site (a day later,
 * shorter: the site cut its last paragraph) and a lead excerpt on a third
 * (two days later), with fixed dates. The grouping is given, not computed,
 * so these tests are about serving stories, not about finding them.
 */
import type { Article } from "../../src/schema/article.js";

const GATEWAY = "f5-lunar-gateway";

export function storyVersions(articles: readonly Article[]): { articles: Article[]; story: string[] } {
  const original = articles.find((a) => a.key === GATEWAY);
  if (!original) throw new Error(`the fixture corpus has no ${GATEWAY}`);
  const day = (n: number) => new Date(Date.parse(original.published) + n * 86_400_000).toISOString();
  const copy: Article = {
    ...original,
    id: "urn:uuid:00000000-0000-5000-8000-000000000009",
    key: "f9-gateway-copy",
    slug: "moon-station-module-leaves-for-florida",
    title: "Moon station module leaves for Florida",
    published: day(1),
    updated: day(1),
    source: { ...original.source, file: "articles/f9-gateway-copy.txt", site: "Tatra Times", url: null },
    body: original.body.slice(0, Math.max(1, original.body.length - 1)),
    wordCount: Math.max(1, original.wordCount - 20),
  };
  const excerpt: Article = {
    ...original,
    id: "urn:uuid:00000000-0000-5000-8000-00000000000a",
    key: "f10-gateway-excerpt",
    slug: "gateway-module-on-its-way",
    title: "Gateway module on its way",
    published: day(2),
    updated: day(2),
    source: {
      ...original.source,
      file: "articles/f10-gateway-excerpt.txt",
      site: "Valley Courier",
      url: "https://courier.example/space/gateway",
    },
    body: original.body.slice(0, 1),
    wordCount: 40,
  };
  return { articles: [copy, excerpt], story: [GATEWAY, copy.key, excerpt.key] };
}
