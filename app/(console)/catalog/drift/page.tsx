import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DriftPage } from '@/components/catalog/drift-page';
import { PageSkeleton } from '@/components/shell/page-skeleton';

export const metadata: Metadata = { title: 'Drift' };

// DriftPage reads its filters from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <DriftPage />
    </Suspense>
  );
}
