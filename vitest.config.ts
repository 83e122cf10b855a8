/**
 * Two projects: `worker` runs inside workerd with the Workers pool (the Worker
 * against KV filled by the deploy's own code); `node` runs the build, the
 * deploy, and the real feed clients (xmllint, jing, feedparser) against the
 * Worker served by Miniflare. A JSON report feeds .ci/run's summary line.
 */
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
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
        },
      },
    ],
  },
});
