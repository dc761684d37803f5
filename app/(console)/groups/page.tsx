import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GroupsPage } from '@/components/lag/groups-page';
import { PageSkeleton } from '@/components/shell/page-skeleton';

export const metadata: Metadata = { title: 'Consumer groups' };

// GroupsPage reads its filter and sort from the URL (useSearchParams), hence the Suspense.
export default function Page() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <GroupsPage />
    </Suspense>
  );
}
