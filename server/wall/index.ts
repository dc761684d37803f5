export { createWallFeed, type WallFeed, type WallData, type WallFeedEvents } from './wall-feed';
export { buildWallGroups, buildWallHealth, createConsumeRate, createDeadLetterSeries } from './build-wall-state';
