import { messageQuerySchema } from '../../../lib/message-types';
import type { RouteDef } from '../route-table';
import type { MessageBrowser } from '../../messages';

/** The message browser's one read: a page of a topic's records. */
export function messageRoutes(deps: { messages: MessageBrowser }): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/topics/:topic/messages',
      access: 'viewer',
      example: '/api/topics/orders/messages?partition=0&offset=0',
      handler: async (c) => c.json(await deps.messages.page(c.req.param('topic') ?? '', messageQuerySchema.parse(c.req.query()))),
    },
  ];
}
