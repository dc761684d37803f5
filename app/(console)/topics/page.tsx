import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { TopicsPage } from '@/components/topics/topics-page';

export const metadata: Metadata = { title: 'Topics' };

// TopicsPage reads its filter and sort from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <TopicsPage />
    </Suspense>
  );
}
