'use client';

import { useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};

/**
 * False on the server and while React hydrates, true after. Lets a component render
 * exactly what the server rendered during hydration, then switch to client-only
 * content (data that may already be in the react-query cache) right after.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
