import type { Metadata } from 'next';
import { TracePage } from '@/components/traces/trace-page';

export const metadata: Metadata = { title: 'Trace' };

export default async function Page({ params }: { params: Promise<{ correlationId: string }> }) {
  const { correlationId } = await params;
  return <TracePage correlationId={decodeURIComponent(correlationId)} />;
}
