/**
 * Three projects: `worker` runs inside workerd with the Workers pool (the
 * Worker against KV filled by the deploy's own code); `node` runs the build,
 * the deploy, the property tests and the real feed clients (xmllint, jing,
 * feedparser, newsboat, Chromium) against the Worker served by Miniflare;
 * `long` (`npm run test:long`, which .ci/run also runs) holds what takes
 * minutes: the load run, and the property tests again with ten times the
 * runs. `npm test` runs the first two. A JSON report feeds .ci/run's summary line.
 */
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // the long suite writes its own report (WIREFEED_REPORT), beside npm test's
    reporters: ["default", ["json", { outputFile: process.env.WIREFEED_REPORT ?? "test-results/vitest.json" }]],
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "long",
          include: ["test/long/**/*.test.ts", "test/node/exact-paging.test.ts", "test/node/story-paging.test.ts"],
          environment: "node",
          testTimeout: 1_200_000,
          hookTimeout: 120_000,
          env: { WIREFEED_PROPERTY_RUNS: "10" },
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: "./src/worker/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            // every request re-reads the manifest: a test sees what it seeds at once, without waiting
            miniflare: { kvNamespaces: ["EMPTY_KV", "SPARE_KV"], bindings: { MANIFEST_RECHECK_MS: "0" } },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/worker/global-setup.ts"],
          // a file's first request starts a cold isolate, slow on a busy 2-core machine
          testTimeout: 30_000,
        },
      },
    ],
  },
});
