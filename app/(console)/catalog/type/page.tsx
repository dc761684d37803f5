import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EntryPage } from '@/components/catalog/entry-page';
import { PageSkeleton } from '@/components/shell/page-skeleton';

export const metadata: Metadata = { title: 'Event type' };

// EntryPage reads the type and version from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <EntryPage />
    </Suspense>
  );
}
