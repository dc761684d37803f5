import { z } from 'zod';
import type { KafkaService } from '../../kafka';
import type { AuthService } from '../../auth';
import type { ClusterWatch } from '../../topics';
import type { RouteDef } from '../route-table';
import { audited } from '../audited';

// Kafka's own rule for topic names: up to 249 of [a-zA-Z0-9._-], not "." or "..".
export const createTopicSchema = z.object({
  name: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'use 1 to 249 letters, digits, ".", "_" or "-"')
    .refine((n) => n !== '.' && n !== '..', 'cannot be "." or ".."'),
  partitions: z.number().int().min(1).max(10_000),
  replicationFactor: z.number().int().min(1).max(32),
  configs: z.record(z.string(), z.string()).optional(),
});

export function clusterRoutes(deps: { kafka: KafkaService; clusterWatch: ClusterWatch; auth: AuthService }): RouteDef[] {
  const { kafka, clusterWatch, auth } = deps;
  return [
    {
      method: 'GET',
      path: '/api/cluster',
      access: 'viewer',
      handler: (c) => c.json(clusterWatch.snapshot()),
    },
    {
      method: 'POST',
      path: '/api/topics',
      access: 'operator',
      handler: async (c) => {
        const body = createTopicSchema.parse(await c.req.json());
        await audited(auth, c, { action: 'topic.create', target: body.name, detail: body }, () => kafka.createTopic(body));
        await clusterWatch.refresh();
        return c.json(clusterWatch.snapshot().topics.find((t) => t.name === body.name) ?? { name: body.name }, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/api/topics/:name',
      access: 'admin',
      example: '/api/topics/some-topic',
      handler: async (c) => {
        const name = c.req.param('name') ?? '';
        await audited(auth, c, { action: 'topic.delete', target: name }, () => kafka.deleteTopic(name));
        await clusterWatch.refresh();
        return c.body(null, 204);
      },
    },
  ];
}
