import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which build of the pages this process serves: Next's BUILD_ID after `next build`. A
 * wall display compares it on every reconnect and reloads when it changed, so a screen
 * nobody touches picks up new code after a deploy. In dev (or without a build) every
 * process start counts as a new build. EVENTLINE_BUILD_ID overrides it (a release id, so
 * that walls also reload on a change that did not rebuild the pages).
 */
export function readBuildId(projectRoot: string, dev: boolean, configured?: string): string {
  if (configured) return configured;
  if (!dev) {
    try {
      return readFileSync(join(projectRoot, '.next', 'BUILD_ID'), 'utf8').trim();
    } catch {
      // no production build on disk (API-only tests): fall through
    }
  }
  return `start-${Date.now().toString(36)}`;
}
