import type { Metadata } from 'next';
import { ReplaysPage } from '@/components/replay/replays-page';

export const metadata: Metadata = { title: 'Replays' };

export default function Page() {
  return <ReplaysPage />;
}
