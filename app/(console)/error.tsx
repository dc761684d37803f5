'use client';

import { useEffect } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';

// Catches what a page throws while rendering; failed requests are shown by the pages themselves.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return <ErrorPanel title="This page failed" error={error} onRetry={retry} />;
}
