import { EventEmitter } from 'node:events';
import type { WallDeadLetters, WallGroups, WallHealth } from '../../lib/wall-types';
import type { ClusterWatch } from '../topics';
import type { LagMonitor } from '../lag';
import { buildWallGroups, buildWallHealth, createConsumeRate, createDeadLetterSeries, type CollectorFigures } from './build-wall-state';

export interface WallData {
  health: WallHealth;
  groups: WallGroups;
  deadLetters: WallDeadLetters;
}

export interface WallFeedEvents {
  health: [WallHealth];
  groups: [WallGroups];
  deadLetters: [WallDeadLetters];
}

/**
 * What the wall shows, derived from the cluster watch and the lag monitor as they poll:
 * only figures, statuses and topic/group names, never a record. Emits each part when it
 * changes, for the socket layer's `wall` room. In a process that does not poll (another
 * one holds the lease, see server/realtime/leases.ts) the parts are `adopt`ed from the
 * one that does.
 */
export function createWallFeed(deps: {
  clusterWatch: ClusterWatch;
  lagMonitor: LagMonitor;
  collector: () => CollectorFigures | null;
  isDeadLetter: (topic: string) => boolean;
}) {
  const { clusterWatch, lagMonitor } = deps;
  const events = new EventEmitter<WallFeedEvents>();
  const consumeRate = createConsumeRate();
  const deadLetterSeries = createDeadLetterSeries(deps.isDeadLetter);
  let outRate: number | null = null;
  let data: WallData = {
    health: buildWallHealth(clusterWatch.snapshot(), deps.collector(), null),
    groups: buildWallGroups(lagMonitor.snapshot()),
    deadLetters: { observedAt: null, topics: [] },
  };

  const onCluster = () => {
    const snap = clusterWatch.snapshot();
    data = { ...data, health: buildWallHealth(snap, deps.collector(), outRate) };
    events.emit('health', data.health);
  };
  const onOverview = () => {
    data = { ...data, deadLetters: deadLetterSeries(clusterWatch.snapshot()) };
    onCluster();
    events.emit('deadLetters', data.deadLetters);
  };
  const onCycle = () => {
    const lag = lagMonitor.snapshot();
    outRate = consumeRate(lagMonitor.details(), lag.observedAt ?? Date.now());
    data = { ...data, groups: buildWallGroups(lag), health: { ...data.health, messagesOutPerSecond: outRate } };
    events.emit('groups', data.groups);
  };
  clusterWatch.events.on('overview', onOverview);
  clusterWatch.events.on('connection', onCluster);
  lagMonitor.events.on('cycle', onCycle);

  return {
    events,
    data: () => data,
    /** Takes a part computed by the process that polls (it arrives through Redis). */
    adopt<K extends keyof WallData>(part: K, value: WallData[K]) {
      data = { ...data, [part]: value };
    },
    close() {
      clusterWatch.events.off('overview', onOverview);
      clusterWatch.events.off('connection', onCluster);
      lagMonitor.events.off('cycle', onCycle);
    },
  };
}

export type WallFeed = ReturnType<typeof createWallFeed>;
