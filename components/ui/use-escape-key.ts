'use client';

import { useEffect } from 'react';

/** Calls `onEscape` when Escape is pressed anywhere on the page (drawers and panels close with it). */
export function useEscapeKey(onEscape: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onEscape();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEscape]);
}
