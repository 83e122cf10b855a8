// Prints CI's last line, "N passed, N failed", from vitest's JSON report
// (plus one failure when `npm run check` failed); exits 1 on any failure.
import { existsSync, readFileSync } from "node:fs";

const [report, checkFailed = "0"] = process.argv.slice(2);
let passed = 0;
let failed = Number(checkFailed) ? 1 : 0;
if (report && existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // a test file that could not run at all counts as a failure
  failed += r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
} else {
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
