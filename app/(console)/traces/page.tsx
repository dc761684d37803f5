import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { TracesPage } from '@/components/traces/traces-page';

export const metadata: Metadata = { title: 'Traces' };

// TracesPage reads its search from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <TracesPage />
    </Suspense>
  );
}
