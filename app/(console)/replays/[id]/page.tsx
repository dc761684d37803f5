import type { Metadata } from 'next';
import { ReplayJobPage } from '@/components/replay/replay-job-page';

export const metadata: Metadata = { title: 'Replay' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReplayJobPage id={decodeURIComponent(id)} />;
}
