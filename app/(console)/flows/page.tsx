import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FlowsPage } from '@/components/flows/flows-page';
import { PageSkeleton } from '@/components/shell/page-skeleton';

export const metadata: Metadata = { title: 'Flows' };

// FlowsPage reads its window and trace from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <FlowsPage />
    </Suspense>
  );
}
