import type { Metadata } from 'next';
import { DisplaysPage } from '@/components/displays/displays-page';

export const metadata: Metadata = { title: 'Displays' };

export default function Page() {
  return <DisplaysPage />;
}
