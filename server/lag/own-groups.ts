import { TRACKER_GROUP_PREFIX } from './commit-tracker';

/**
 * Tells Eventline's own consumer groups from the cluster's: the collectors' group (one
 * name, configured) and the commit trackers' groups (one per process, any process, all
 * with the tracker prefix). The groups page marks them and can hide them.
 */
export function ownGroupTest(collectorGroupId: string | null): (groupId: string) => boolean {
  return (groupId) => groupId === collectorGroupId || groupId.startsWith(TRACKER_GROUP_PREFIX);
}
