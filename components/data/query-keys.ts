// Every react-query key in one place, so socket pushes and mutations hit the same cache entries.
export const queryKeys = {
  me: ['me'] as const,
  cluster: ['cluster'] as const,
  health: ['health'] as const,
  users: ['users'] as const,
  auditAll: ['audit'] as const,
  audit: (before: string | null) => ['audit', before ?? 'latest'] as const,
  lagGroups: ['lag', 'groups'] as const,
  lagGroup: (id: string) => ['lag', 'group', id] as const,
  lagHistory: (id: string, range: string) => ['lag', 'history', id, range] as const,
  topicConsumers: (topic: string) => ['lag', 'topic', topic] as const,
  tracesAll: ['traces'] as const,
  traceSearch: (params: string) => ['traces', 'search', params] as const,
  trace: (correlationId: string) => ['traces', 'trace', correlationId] as const,
  event: (id: string) => ['traces', 'event', id] as const,
  collector: ['collector'] as const,
  messages: (topic: string, params: string) => ['messages', topic, params] as const,
};
