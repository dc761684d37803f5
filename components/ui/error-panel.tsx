'use client';

import { ApiError, errorMessage } from '@/components/data/api-client';

/** A failed request, said plainly, with the error code for the logs and a retry. */
export function ErrorPanel({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const code = error instanceof ApiError ? error.code : null;
  const heading = title ?? (error instanceof ApiError && error.status === 403 ? 'Not allowed' : 'Could not load this');
  return (
    <div className="panel panel-message panel-error" role="alert" data-testid="error-panel">
      <h2 className="panel-title">{heading}</h2>
      <p>{errorMessage(error)}</p>
      {code && <p className="muted mono small">code: {code}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
