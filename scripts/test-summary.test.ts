import { describe, expect, it } from 'vitest';
import { countTests, summaryLines } from './test-summary';

const vitest = {
  numPassedTests: 2,
  numFailedTests: 1,
  numPendingTests: 0,
  testResults: [
    {
      name: '/repo/server/messages/message-browser.int.test.ts',
      assertionResults: [
        { status: 'passed', fullName: 'reads a page' },
        { status: 'failed', fullName: 'merges the newest records', failureMessages: ['\u001b[31m\nAssertionError: expected [ "v0" ] to deeply equal [ "v4" ]\u001b[39m\n    at line 193'] },
      ],
    },
  ],
};

const playwright = {
  stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 0 },
  suites: [
    {
      specs: [],
      suites: [
        {
          specs: [
            { file: 'wall/wall.spec.ts', title: 'shows the boards', tests: [{ status: 'expected', results: [{}] }] },
            { file: 'wall/wall.spec.ts', title: 'turns red', tests: [{ status: 'unexpected', results: [{ error: { message: 'Error: timed out 5000ms\n  waiting for locator' } }] }] },
          ],
        },
      ],
    },
  ],
};

describe('the summary of npm test', () => {
  it('sums both runners and names each failed test with its first error line', () => {
    const c = countTests({ vitest, playwright, cwd: '/repo' });
    expect(c).toMatchObject({ passed: 6, failed: 2, skipped: 0 });
    expect(c.failures).toEqual([
      'server/messages/message-browser.int.test.ts › merges the newest records: AssertionError: expected [ "v0" ] to deeply equal [ "v4" ]',
      'wall/wall.spec.ts › turns red: Error: timed out 5000ms',
    ]);
    expect(summaryLines(c)).toMatch(/Failed:\n  ✗ server\/messages.*\n  ✗ wall\/wall\.spec\.ts.*\n\n6 passed, 2 failed$/);
  });

  it('is one line when nothing failed, and counts a runner that left no report as nothing', () => {
    const c = countTests({ vitest: { ...vitest, numFailedTests: 0, testResults: [] }, cwd: '/repo' });
    expect(summaryLines(c)).toBe('\n2 passed, 0 failed');
  });
});
