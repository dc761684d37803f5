import Link from 'next/link';

export default function NotFound() {
  return (
    <main style={{ padding: 40 }}>
      <div className="panel panel-message">
        <h1 className="page-title">Page not found</h1>
        <p className="muted">There is no page at this address.</p>
        <Link href="/">Back to the cluster overview</Link>
      </div>
    </main>
  );
}
