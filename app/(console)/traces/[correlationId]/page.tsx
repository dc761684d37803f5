import type { Metadata } from 'next';
import { TracePage } from '@/components/traces/trace-page';

export const metadata: Metadata = { title: 'Trace' };

export default async function Page({ params, searchParams }: { params: Promise<{ correlationId: string }>; searchParams: Promise<{ event?: string | string[] }> }) {
  const { correlationId } = await params;
  const { event } = await searchParams;
  return <TracePage correlationId={decodeURIComponent(correlationId)} event={typeof event === 'string' && /^\d+$/.test(event) ? event : undefined} />;
}
