'use client';

import { useState } from 'react';
import type { CreatedDisplayToken } from '@/lib/wall-types';

/** The one time the token is visible: the wall address to open on the screen, with a copy button. */
export function CreatedDisplayLink({ created }: { created: CreatedDisplayToken }) {
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}/wall?token=${encodeURIComponent(created.token)}&boards=${created.display.boards.join(',')}&rotate=30`;
  return (
    <div className="alert alert-ok" role="status" data-testid="created-display">
      <p style={{ margin: '0 0 8px' }}>
        Open this address on <strong>{created.display.name}</strong>. It is shown only now: copy it before leaving the page.
      </p>
      <code data-testid="created-display-url" style={{ display: 'block', wordBreak: 'break-all', userSelect: 'all' }}>
        {url}
      </code>
      <button
        type="button"
        className="btn"
        style={{ marginTop: 8 }}
        onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? 'Copied' : 'Copy address'}
      </button>
    </div>
  );
}
