/**
 * What the issue that asked for exact paging tried, as a new user would: a
 * corpus of 1,200 raw articles (generated pages with known topics' aliases,
 * dates with ties, a word in 70 of them) in content/, served by `npm start`
 * itself (in a scratch copy of the project, so the real local store is not
 * touched), each of 15 filters walked page by page along `next_url` and two
 * back along `previous`, against a brute-force filter over the corpus as the
 * build made it (topics as tagged, dates as cleaned, `q` as whole-word
 * matches in the text: none of the Worker's index code).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/ingest/corpus.js";
import type { Article } from "../../src/schema/article.js";
import { blocksToLines } from "../../src/shared/blocks-html.js";
import { prng } from "../../src/shared/prng.js";
import { FIXTURE_CONTENT, ROOT } from "../support/corpus.js";
import { fetchPage, inFormat, walkNext, walkPrevious } from "../support/feed-walk.js";
import { freePort } from "../support/inspector.js";

const N = 1200;
const RARE = "kelpwort";
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const TOPIC_WORDS: Record<string, string[]> = {
  space: ["NASA", "rocket", "orbit", "lunar"],
  climate: ["climate", "emissions", "heatwave", "carbon"],
  economy: ["inflation", "central bank", "ECB", "interest rates"],
};
const NOUNS = ["harbour", "council", "bridge", "market", "school", "railway", "museum", "garden", "library", "clinic"];

/** One raw page: headline, byline, date, three paragraphs that mention its topics' aliases. */
function page(n: number, rand: () => number): string {
  const topics = Object.keys(TOPIC_WORDS).filter(() => rand() < 0.4);
  const day = Math.floor(rand() * 300);
  const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000);
  const noun = NOUNS[n % NOUNS.length] as string;
  const aliases = topics.flatMap((t) => TOPIC_WORDS[t] as string[]);
  const mention = aliases.length
    ? ` The talks touched on ${aliases.join(", ")} and again on ${aliases.join(" and ")}.`
    : "";
  const rare = n % 17 === 3 && n < 17 * 70 ? ` Residents asked about the ${RARE} beds along the shore.` : "";
  return [
    `Town ${noun} weighs proposal ${n} after a long debate in district ${n % 97}`,
    "",
    `By Reporter ${String.fromCharCode(65 + (n % 26))}. Writer`,
    `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`,
    "",
    `Members of the ${noun} committee met for the ${n}th time this year to discuss proposal ${n}, which would change how district ${n % 97} is run.${mention}`,
    "",
    `Supporters of proposal ${n} said the change was overdue, while critics in district ${n % 97} warned of costs that nobody had counted.${rare}${mention}`,
    "",
    `A vote on proposal ${n} is expected next month, the ${noun} committee said in a statement on its work.`,
    "",
  ].join("\n");
}

let dir: string;
let server: ChildProcess | undefined;
let base: string;
let articles: Article[];

beforeAll(async () => {
  // a scratch copy of the project: its own content/ and its own .wrangler/ local store
  dir = mkdtempSync(join(tmpdir(), "wirefeed-served-"));
  for (const f of ["package.json", "wrangler.toml", "tsconfig.json", "tsconfig.base.json", "src", "node_modules"])
    symlinkSync(join(ROOT, f), join(dir, f));
  mkdirSync(join(dir, "content/articles"), { recursive: true });
  cpSync(join(FIXTURE_CONTENT, "topics.json"), join(dir, "content/topics.json"));
  const rand = prng(1200);
  for (let n = 0; n < N; n++)
    writeFileSync(join(dir, `content/articles/p${String(n).padStart(4, "0")}.txt`), page(n, rand));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn("npm", ["start"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), WIREFEED_CONTENT_DIR: join(dir, "content"), BROWSER: "none" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout?.on("data", (d: Buffer) => {
    output += d;
  });
  server.stderr?.on("data", (d: Buffer) => {
    output += d;
  });
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`npm start exited: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/feed.json?limit=1`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`npm start did not serve within a minute: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // the corpus as the build made it (the deploy wrote the ledger it reads back)
  articles = buildCorpus({ contentDir: join(dir, "content"), now: new Date().toISOString() }).articles;
}, 300_000);

afterAll(() => {
  // npm, its shell and wrangler: the whole process group
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Filter {
  path?: string;
  topic?: string[];
  match?: "all";
  exclude?: string[];
  q?: string;
  since?: string;
  until?: string;
  limit?: number;
}

const wordRe = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, "iu");

/** Brute force over the built corpus, newest first, equal instants by slug. */
function expected(f: Filter, pathTopic: string | null): string[] {
  return [...articles]
    .sort((a, b) => (a.published !== b.published ? (a.published < b.published ? 1 : -1) : a.slug < b.slug ? -1 : 1))
    .filter((a) => {
      if (pathTopic && !a.topics.includes(pathTopic)) return false;
      if (
        f.topic &&
        !(f.match === "all" ? f.topic.every((t) => a.topics.includes(t)) : f.topic.some((t) => a.topics.includes(t)))
      )
        return false;
      if (f.exclude?.some((t) => a.topics.includes(t))) return false;
      const text = [a.title, a.summary, ...blocksToLines(a.body)].join("\n");
      if (f.q && !f.q.split(" ").every((w) => wordRe(w).test(text))) return false;
      if (f.since && a.published < f.since) return false;
      if (f.until && a.published >= `${f.until}T24`) return false;
      return true;
    })
    .map((a) => a.slug);
}

function pathOf(f: Filter, format = "json"): string {
  const p = new URLSearchParams();
  for (const t of f.topic ?? []) p.append("topic", t);
  if (f.match) p.set("match", f.match);
  if (f.exclude) p.set("exclude", f.exclude.join(","));
  if (f.q) p.set("q", f.q);
  if (f.since) p.set("since", f.since);
  if (f.until) p.set("until", f.until);
  if (f.limit) p.set("limit", String(f.limit));
  const path = f.path ? `/topics/${f.path}/feed.${format}` : `/feed.${format}`;
  return `${path}${p.size ? `?${p}` : ""}`;
}

const urlOf = (f: Filter, format = "json"): string => `${base}${pathOf(f, format)}`;

const FILTERS: Filter[] = [
  { limit: 20 },
  { limit: 7 },
  { limit: 100 },
  { topic: ["space"] },
  { topic: ["space", "climate"] },
  { topic: ["space", "economy"], match: "all" },
  { exclude: ["climate"] },
  { q: RARE, limit: 9 },
  { since: "2024-06-01" },
  { until: "2024-03-31", limit: 25 },
  { path: "space", q: "harbour" },
  { path: "climate", exclude: ["economy"], since: "2024-02-15" },
  { topic: ["space", "economy"], exclude: ["climate"], limit: 13 },
  { q: `${RARE} district`, limit: 4 },
  { topic: ["economy"], since: "2024-04-01", until: "2024-08-31", limit: 11 },
];

describe(`${N} articles served by npm start`, () => {
  it("the corpus is what the filters need: every topic and the rare word have articles", () => {
    expect(articles).toHaveLength(N);
    for (const t of Object.keys(TOPIC_WORDS)) expect(expected({ topic: [t] }, null).length, t).toBeGreaterThan(100);
    expect(expected({ q: RARE }, null)).toHaveLength(70);
  });

  for (const f of FILTERS) {
    it(`walking ${pathOf(f)} gives exactly the brute-force answer`, async () => {
      const want = expected(f, f.path ?? null);
      const pages = await walkNext(urlOf(f), Math.ceil(N / (f.limit ?? 20)) + 2);
      expect(pages.flatMap((p) => p.slugs)).toEqual(want);
      const limit = f.limit ?? 20;
      for (const p of pages.slice(0, -1)) expect(p.slugs).toHaveLength(limit);
    }, 120_000);
  }

  for (const f of [FILTERS[4], FILTERS[9]] as Filter[]) {
    it(`walking back along previous from the last page of ${pathOf(f, "atom")} gives the same pages`, async () => {
      const pages = await walkNext(urlOf(f, "atom"), N);
      const back = await walkPrevious(inFormat(pages.at(-1)?.url ?? "", "atom"), N);
      expect(back.map((p) => p.slugs)).toEqual(
        pages
          .slice(0, -1)
          .reverse()
          .map((p) => p.slugs),
      );
      expect((await fetchPage(urlOf(f, "atom"))).previous).toBeNull();
    }, 120_000);
  }
});
