// The closing lines of `npm test`: counts from vitest's and Playwright's JSON reports, and
// the failed tests named with their first error line (CI keeps only the end of the output).

export type TestCounts = { passed: number; failed: number; skipped: number; failures: string[] };

type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  testResults?: { name: string; assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[] }[];
};

type PlaywrightSuite = {
  suites?: PlaywrightSuite[];
  specs?: { file: string; title: string; tests?: { status: string; results?: { error?: { message?: string } }[] }[] }[];
};
type PlaywrightReport = { stats: { expected: number; unexpected: number; flaky?: number; skipped: number }; suites?: PlaywrightSuite[] };

const firstLine = (text: string | undefined) =>
  (text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? '(no message)';

export function countTests(reports: { vitest?: VitestReport; playwright?: PlaywrightReport; cwd: string }): TestCounts {
  const c: TestCounts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const v = reports.vitest;
  if (v) {
    c.passed += v.numPassedTests;
    c.failed += v.numFailedTests;
    c.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
    for (const file of v.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') c.failures.push(`${file.name.replace(`${reports.cwd}/`, '')} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
      }
    }
  }
  const p = reports.playwright;
  if (p) {
    c.passed += p.stats.expected + (p.stats.flaky ?? 0);
    c.failed += p.stats.unexpected;
    c.skipped += p.stats.skipped;
    const walk = (suite: PlaywrightSuite) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status === 'unexpected') c.failures.push(`${spec.file} › ${spec.title}: ${firstLine(t.results?.at(-1)?.error?.message)}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of p.suites ?? []) walk(suite);
  }
  return c;
}

export function summaryLines(c: TestCounts): string {
  const failures = c.failures.length ? `\nFailed:\n${c.failures.map((f) => `  ✗ ${f}`).join('\n')}\n` : '';
  return `${failures}\n${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
}
