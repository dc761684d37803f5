import type { Metadata } from 'next';
import { GroupDetailPage } from '@/components/lag/group-detail-page';

export const metadata: Metadata = { title: 'Consumer group' };

export default async function Page({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  return <GroupDetailPage groupId={decodeURIComponent(groupId)} />;
}
