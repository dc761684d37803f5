import type { Metadata } from 'next';
import { DeadLettersPage } from '@/components/replay/dead-letters-page';

export const metadata: Metadata = { title: 'Dead letters' };

export default async function Page({ params }: { params: Promise<{ topic: string }> }) {
  const { topic } = await params;
  return <DeadLettersPage topic={decodeURIComponent(topic)} />;
}
