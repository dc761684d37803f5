import { createTopicSchema } from '../../../lib/create-topic-schema';
import type { KafkaService } from '../../kafka';
import type { AuthService } from '../../auth';
import type { ClusterWatch } from '../../topics';
import type { RouteDef } from '../route-table';
import { audited } from '../audited';

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
        const brokerCount = clusterWatch.snapshot().overview?.brokers.length ?? null;
        const body = createTopicSchema(brokerCount).parse(await c.req.json());
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
