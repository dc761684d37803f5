import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WallPage } from '@/components/wall/wall-page';

export const metadata: Metadata = { title: 'Wall' };

// Outside the (console) group on purpose: no top bar, no navigation. The server lets a
// display session open this page and no other (server/http/page-guard.ts).
export default function Page() {
  return (
    <Suspense>
      <WallPage />
    </Suspense>
  );
}
