/**
 * The corpus build: the seeds are in content/ byte for byte; ids, slugs and
 * dates are stable across rebuilds and cleaner changes; a date is never
 * invented; bad input fails the whole build, naming the file and the problem.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/ingest/corpus.js";
import { BuildErrors } from "../../src/ingest/errors.js";
import { Article } from "../../src/schema/article.js";
import { buildCorpusFixture, FIXED_NOW, FIXTURE_CONTENT, REAL_CONTENT, ROOT } from "../support/corpus.js";
import { itWith, sharedSeeds } from "../support/tools.js";

const SEEDS = join(ROOT, "../shared/seeds");
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A writable copy of the fixture content. */
function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-content-"));
  temps.push(dir);
  cpSync(FIXTURE_CONTENT, dir, { recursive: true });
  return dir;
}

function buildErrors(contentDir: string): string[] {
  try {
    buildCorpus({ contentDir, now: FIXED_NOW });
  } catch (e) {
    if (e instanceof BuildErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  throw new Error("expected the build to fail");
}

describe("content/", () => {
  itWith(sharedSeeds, "holds the five seed articles byte for byte", () => {
    const seeds = readdirSync(SEEDS).sort();
    expect(seeds).toHaveLength(5);
    expect(readdirSync(join(REAL_CONTENT, "articles")).sort()).toEqual(seeds);
    for (const name of seeds)
      expect(readFileSync(join(REAL_CONTENT, "articles", name)).equals(readFileSync(join(SEEDS, name))), name).toBe(
        true,
      );
  });

  it("builds into valid Articles whose dates come from the text or the committed ledger", () => {
    const { articles } = buildCorpus({ contentDir: REAL_CONTENT, now: FIXED_NOW });
    expect(articles).toHaveLength(5);
    const ledger = JSON.parse(readFileSync(join(REAL_CONTENT, "ledger.json"), "utf8")) as Record<
      string,
      { firstPublished: string; slug: string }
    >;
    for (const a of articles) {
      expect(Article.parse(a)).toEqual(a);
      const entry = ledger[a.key];
      expect(entry, `${a.key} is in content/ledger.json`).toBeDefined();
      expect(a.slug).toBe(entry?.slug);
      if (a.dateSource === "ledger") expect(a.published).toBe(entry?.firstPublished);
      expect(a.published).not.toBe(FIXED_NOW);
    }
    expect(articles.find((a) => a.key === "001_efed61c97e916b69")).toMatchObject({
      published: "2025-03-17T00:00:00.000Z",
      dateSource: "text",
    });
  });
});

describe("stability", () => {
  it("rebuilding an unchanged corpus gives identical articles, whatever the time", () => {
    const a = buildCorpusFixture().articles;
    const b = buildCorpusFixture(FIXTURE_CONTENT, "2030-06-01T00:00:00.000Z").articles;
    const dated = (x: typeof a) => x.filter((y) => y.key !== "f5-lunar-gateway");
    expect(dated(b)).toEqual(dated(a));
  });

  it("ids come from the file name only, so a change to the text keeps the id, slug and first date", () => {
    const dir = copyFixture();
    const before = buildCorpus({ contentDir: dir, now: FIXED_NOW });
    writeFileSync(join(dir, "ledger.json"), JSON.stringify(before.ledger));
    const file = join(dir, "articles/f5-lunar-gateway.txt");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "Lunar Gateway module ships to Florida",
        "Gateway module leaves for the launch site",
      ),
    );
    const after = buildCorpus({ contentDir: dir, now: "2026-02-01T00:00:00.000Z" });
    const x = before.articles.find((a) => a.key === "f5-lunar-gateway");
    const y = after.articles.find((a) => a.key === "f5-lunar-gateway");
    expect(y?.title).toBe("Gateway module leaves for the launch site");
    expect(y?.id).toBe(x?.id);
    expect(y?.slug).toBe(x?.slug);
    expect(y?.published).toBe(x?.published);
    expect(y?.updated).toBe("2026-02-01T00:00:00.000Z");
    expect(after.ledgerChanged).toBe(true);
  });

  it("a date is never invented: text first, then the sidecar, then the ledger's first publication", () => {
    const { articles, ledger } = buildCorpusFixture();
    const by = (k: string) => articles.find((a) => a.key === k);
    expect(by("f1-mars-sample-return")).toMatchObject({ published: "2025-06-02T00:00:00.000Z", dateSource: "text" });
    expect(by("f6-carbon-border")).toMatchObject({ published: "2025-01-10T00:00:00.000Z", dateSource: "sidecar" });
    expect(by("f5-lunar-gateway")).toMatchObject({ published: "2024-12-24T08:00:00.000Z", dateSource: "ledger" });
    expect(ledger["f1-mars-sample-return"]?.firstPublished).toBe(FIXED_NOW);
  });

  it("the sidecar overrides title, author and source URL", () => {
    expect(buildCorpusFixture().articles.find((a) => a.key === "f6-carbon-border")).toMatchObject({
      author: "Ines Moreau",
      source: { url: "https://example.org/news/carbon-border-levy" },
    });
  });
});

describe("bad input fails the build, naming the file and the problem", () => {
  it("an empty article, a NUL byte and invalid UTF-8, all reported together", () => {
    const dir = copyFixture();
    writeFileSync(join(dir, "articles/empty.txt"), "");
    writeFileSync(join(dir, "articles/nul.txt"), Buffer.from([0x41, 0x00]));
    writeFileSync(join(dir, "articles/latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const errors = buildErrors(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/empty\.txt: is empty/),
        expect.stringMatching(/nul\.txt: contains a NUL byte/),
        expect.stringMatching(/latin1\.txt: is not valid UTF-8/),
      ]),
    );
  });

  it("an article that is all page furniture", () => {
    const dir = copyFixture();
    writeFileSync(
      join(dir, "articles/chrome.txt"),
      "Home\nMenu\nSearch\nAccept all cookies\nShare\nFacebook\nTwitter\n© 2024 Example\n",
    );
    expect(buildErrors(dir)).toEqual([expect.stringMatching(/chrome\.txt: has no article text/)]);
  });

  it("an unreadable taxonomy", () => {
    const dir = copyFixture();
    writeFileSync(join(dir, "topics.json"), "{ not json");
    expect(buildErrors(dir)[0]).toMatch(/topics\.json: is not valid JSON/);
    writeFileSync(
      join(dir, "topics.json"),
      JSON.stringify({ topics: [{ slug: "Bad Slug", name: "x", description: "y", aliases: [] }] }),
    );
    expect(buildErrors(dir)[0]).toMatch(/topics\.json: topics\.0\.slug: must be lowercase words joined by hyphens/);
  });

  it("a sidecar field of the wrong type, or an unknown field", () => {
    const dir = copyFixture();
    writeFileSync(join(dir, "overrides.json"), JSON.stringify({ "f1-mars-sample-return": { published: 20250101 } }));
    expect(buildErrors(dir)[0]).toMatch(/overrides\.json: f1-mars-sample-return\.published: /);
    writeFileSync(join(dir, "overrides.json"), JSON.stringify({ "f1-mars-sample-return": { titel: "typo" } }));
    expect(buildErrors(dir)[0]).toMatch(/overrides\.json: .*titel/);
  });

  it("a sidecar entry for an article that does not exist", () => {
    const dir = copyFixture();
    writeFileSync(join(dir, "overrides.json"), JSON.stringify({ "no-such-file": { title: "x" } }));
    expect(buildErrors(dir)[0]).toMatch(/names "no-such-file", but there is no articles\/no-such-file\.txt/);
  });

  it("duplicate slugs, naming both files and the fix", () => {
    const dir = copyFixture();
    writeFileSync(
      join(dir, "articles/f9-copy.txt"),
      "Heatwave revives debate over emissions targets in the north\n\nA second report says that northern countries also saw record temperatures this spring.\n\nIts authors argue that the debate over targets will continue until the next climate summit in the autumn.\n",
    );
    writeFileSync(
      join(dir, "overrides.json"),
      JSON.stringify({ "f9-copy": { title: "Heatwave revives debate over emissions targets" } }),
    );
    const [message] = buildErrors(dir);
    expect(message).toMatch(
      /f9-copy\.txt: has the slug "heatwave-revives-debate-over-emissions-targets", like articles\/f3-heatwave-emissions\.txt; give one of them its own "slug"/,
    );
  });

  it("a file over the size limit", () => {
    const dir = copyFixture();
    writeFileSync(join(dir, "articles/huge.txt"), "word ".repeat(2_000_000));
    expect(buildErrors(dir)[0]).toMatch(/huge\.txt: is 9\.5 MB; an article may be at most 8 MB/);
  });
});

describe("characters removed on the way in", () => {
  it("are reported as warnings naming the file, and the article still builds", () => {
    const warnings: string[] = [];
    const { articles } = buildCorpus({
      contentDir: FIXTURE_CONTENT,
      now: FIXED_NOW,
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([expect.stringMatching(/f6-carbon-border\.txt: removed 1 control character/)]);
    expect(articles.find((a) => a.key === "f6-carbon-border")?.body[1]).toMatchObject({
      text: expect.stringContaining("moving production to countries"),
    });
  });
});
