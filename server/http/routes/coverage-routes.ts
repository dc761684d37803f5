import type { CoverageQueries } from '../../traces';
import type { CoverageResponse } from '../../../lib/coverage-types';
import type { RouteDef } from '../route-table';

/** Id coverage per topic: how many events carry each id, duplicates, conventions seen. */
export function coverageRoutes(deps: { coverage: CoverageQueries }): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/coverage',
      access: 'viewer',
      handler: async (c) => c.json({ topics: await deps.coverage.coverage() } satisfies CoverageResponse),
    },
  ];
}
