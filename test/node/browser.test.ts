/// <reference lib="dom" />
/**
 * A person in a browser (Debian's Chromium driven by playwright-core, a
 * 390 px wide phone viewport): the home page, a topic, an article, feed
 * URLs (all articles, a topic's, the stories'), which a browser gets as web
 * pages of those feeds, and a missing article's 404 page. Screenshots go to test-results/ for a person to
 * look at; the checks are what a reader would see: the titles are there, and
 * nothing is wider than the screen.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { deployPlan } from "../../src/publish/deploy.js";
import type { Article } from "../../src/schema/article.js";
import { buildFixture, FIXED_NOW, REAL_CONTENT, ROOT } from "../support/corpus.js";
import { chromium as chromiumTool, itWith } from "../support/tools.js";
import { type RunningWorker, startWorker } from "../support/worker.js";

const SHOTS = join(ROOT, "test-results", "screenshots");
let worker: RunningWorker;
let articles: Article[];

beforeAll(async () => {
  worker = await startWorker();
  const { corpus, plan } = await buildFixture(REAL_CONTENT, FIXED_NOW);
  articles = corpus.articles;
  await deployPlan(plan, worker.kv, { lockSettleMs: 0 });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(() => worker?.close());

describe("Chromium on a phone-sized screen", () => {
  itWith(
    chromiumTool,
    "home → topic → article → feed URL: readable pages, nothing wider than 390 px",
    async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

        await page.goto(new URL("/", worker.url).toString());
        expect(await page.locator("h1").first().innerText()).toBe("Wirefeed");
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, "home.png"), fullPage: true });

        await page.locator('ul.articles a[href="/topics/kosovo"]').first().click();
        await page.waitForURL(/\/topics\/kosovo$/);
        expect(await page.locator("h1").innerText()).toBe("Kosovo");
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, "topic.png"), fullPage: true });

        const first = page.locator("ul.articles li > a").first();
        const title = await first.innerText();
        await first.click();
        await page.waitForURL(/\/articles\//);
        expect(await page.locator("h1").innerText()).toBe(title);
        expect(articles.map((a) => a.title)).toContain(title);
        expect(await page.locator("article p").count()).toBeGreaterThan(3);
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, "article.png"), fullPage: true });

        const table = await browser.newPage({ viewport: { width: 390, height: 844 } });
        await table.goto(
          new URL("/articles/nato-strengthens-commitment-to-western-balkans-stability", worker.url).toString(),
        );
        expect(await table.locator("table").count()).toBe(3);
        expect(
          await table.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await table.screenshot({ path: join(SHOTS, "article-with-tables.png"), fullPage: true });

        await page.goto(new URL("/feed.xml", worker.url).toString());
        await page.waitForSelector("h1");
        expect(await page.locator("h1").innerText()).toBe("Wirefeed");
        expect(await page.locator("body").innerText()).toContain("This is a web feed");
        expect(await page.locator("code.feed-url").innerText()).toBe(new URL("/feed.xml", worker.url).toString());
        expect(await page.locator("ul.articles li > a").allInnerTexts()).toEqual(
          [...articles]
            .sort((a, b) => b.published.localeCompare(a.published) || (a.slug < b.slug ? -1 : 1))
            .map((a) => a.title),
        );
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, "feed.png"), fullPage: true });

        // a topic's feed, opened from its Atom link: that topic's articles, the same subscribe text
        await page.goto(new URL("/topics/kosovo/feed.atom", worker.url).toString());
        expect(await page.locator("h1").innerText()).toBe("Wirefeed: Kosovo");
        expect(await page.locator("body").innerText()).toContain("copy this address into your reader");
        expect((await page.locator("ul.articles li > a").allInnerTexts()).sort()).toEqual(
          articles
            .filter((a) => a.topics.includes("kosovo"))
            .map((a) => a.title)
            .sort(),
        );
        expect(await overflow()).toBeLessThanOrEqual(0);

        // the story feed: the five seeds are one story
        await page.goto(new URL("/stories/feed.xml", worker.url).toString());
        expect(await page.locator("ul.articles li").count()).toBe(1);
        expect(await page.locator("ul.articles li").innerText()).toContain("also covered by 4 other versions");
        await page.screenshot({ path: join(SHOTS, "story-feed.png"), fullPage: true });

        // a stale link to an article that is not there: a page saying so, with a way home
        const missing = await page.goto(
          new URL("/articles/nato-secretary-general-visits-kosovo", worker.url).toString(),
        );
        expect(missing?.status()).toBe(404);
        const text = await page.locator("body").innerText();
        expect(text).toContain('There is no article "nato-secretary-general-visits-kosovo"');
        expect(await page.locator('a[href="/"]').count()).toBeGreaterThan(0);
        expect(await overflow()).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, "not-found.png"), fullPage: true });
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
