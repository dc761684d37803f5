import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { MessagesPage } from '@/components/messages/messages-page';

export const metadata: Metadata = { title: 'Messages' };

// MessagesPage reads where to start from the URL (useSearchParams), hence the Suspense.
export default async function Page({ params }: { params: Promise<{ topic: string }> }) {
  const { topic } = await params;
  return (
    <Suspense fallback={<PageSkeleton />}>
      <MessagesPage topic={decodeURIComponent(topic)} />
    </Suspense>
  );
}
