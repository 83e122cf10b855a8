// Prints CI's last line, "N passed, N failed", from vitest's JSON reports
// (plus one failure when `npm run check` failed, and one per missing report);
// exits 1 on any failure. Usage: node .ci/summary.mjs CHECK_FAILED REPORT...
import { existsSync, readFileSync } from "node:fs";

const [checkFailed = "0", ...reports] = process.argv.slice(2);
let passed = 0;
let failed = Number(checkFailed) ? 1 : 0;
for (const report of reports) {
  if (!existsSync(report)) {
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // a test file that could not run at all counts as a failure
  failed += r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
