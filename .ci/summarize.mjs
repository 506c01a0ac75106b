// Reads vitest's JSON report and prints "N passed, N failed". Every failure counts: failed tests, and test files
// that failed without a failed test (an import that throws, a missing fixture, a failing hook), which vitest
// reports only as a failed file. Exits 1 when anything failed or nothing ran.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function summarize(report) {
  const fileFailures = report.testResults.filter(
    (file) => file.status !== 'passed' && !file.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  let failed = report.numFailedTests + fileFailures;
  if (report.success === false && failed === 0) failed = 1;
  return { passed: report.numPassedTests, failed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { passed, failed } = summarize(JSON.parse(readFileSync(process.argv[2], 'utf8')));
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}
