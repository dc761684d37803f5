'use client';

// Replaces the root layout when it fails, so it brings its own document and colours
// (globals.css does not reach here).
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <html lang="en">
      <body
        style={{
          margin: 0,
          minHeight: '100vh',
          display: 'grid',
          placeItems: 'center',
          background: '#0b0f14',
          color: '#e7edf4',
          fontFamily: 'ui-sans-serif, system-ui, sans-serif',
        }}
      >
        <main style={{ maxWidth: 560, padding: 24 }}>
          <h1 style={{ fontSize: 22, margin: '0 0 8px' }}>Eventline failed to load</h1>
          <p style={{ color: '#9aa8b8', margin: '0 0 16px' }}>{message}</p>
          <button
            type="button"
            onClick={() => retry()}
            style={{ font: 'inherit', padding: '8px 14px', borderRadius: 4, border: 0, background: '#5aa9ff', color: '#04121f', fontWeight: 600, cursor: 'pointer' }}
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
