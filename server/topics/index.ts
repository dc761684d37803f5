export { createClusterWatch, type ClusterWatch, type ClusterWatchEvents } from './cluster-watch';
export { buildOverview, summarizeTopics, diffTopics, RATE_WINDOW_MS } from './summarize-cluster';
