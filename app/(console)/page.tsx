import type { Metadata } from 'next';
import { ClusterOverviewPage } from '@/components/cluster/cluster-overview-page';

export const metadata: Metadata = { title: 'Overview' };

export default function Page() {
  return <ClusterOverviewPage />;
}
