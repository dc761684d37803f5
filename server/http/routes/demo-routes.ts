import { demoKnobChangeSchema, type DemoKnobChange } from './demo-knobs';
import { EventlineError } from '../../../lib/eventline-error';
import type { DemoSystem } from '../../../demo/index';
import type { AuthService } from '../../auth';
import { audited } from '../audited';
import type { RouteDef } from '../route-table';

class DemoNotRunningError extends EventlineError {
  constructor() {
    super('The demo shop is not running in this Eventline (it starts when KAFKA_BROKERS is unset, or with EVENTLINE_DEMO=true).', {
      code: 'DEMO_NOT_RUNNING',
      httpStatus: 404,
    });
  }
}

/** The demo shop's state and chaos knobs. Registered always, so the route guard test covers them. */
export function demoRoutes(deps: { demo: () => DemoSystem | null; auth: AuthService }): RouteDef[] {
  const running = () => {
    const demo = deps.demo();
    if (!demo) throw new DemoNotRunningError();
    return demo;
  };
  return [
    {
      method: 'GET',
      path: '/api/demo',
      access: 'viewer',
      handler: (c) => {
        const demo = running();
        return c.json({ namespace: demo.namespace, services: demo.services, knobs: demo.knobs.getKnobs(), stats: demo.stats() });
      },
    },
    {
      method: 'POST',
      path: '/api/demo/knobs',
      access: 'operator',
      handler: async (c) => {
        const demo = running();
        const change = demoKnobChangeSchema.parse(await c.req.json());
        const target = 'service' in change ? change.service : change.action === 'upgradeLoyaltySchema' ? 'loyalty-service' : 'order-service';
        await audited(deps.auth, c, { action: `demo.${change.action}`, target, detail: change }, () => applyKnob(demo, change));
        return c.json(demo.knobs.getKnobs());
      },
    },
  ];
}

async function applyKnob(demo: DemoSystem, change: DemoKnobChange): Promise<void> {
  const k = demo.knobs;
  switch (change.action) {
    case 'setSlow':
      return k.setSlow(change.service, change.msPerMessage);
    case 'pause':
      return k.pauseGroup(change.service);
    case 'resume':
      return k.resumeGroup(change.service);
    case 'stop':
      return k.stopService(change.service);
    case 'start':
      return k.startService(change.service);
    case 'setPoisonRate':
      return k.setPoisonRate(change.fraction);
    case 'setRate':
      return k.setRate(change.ordersPerSecond);
    case 'burst':
      return k.burst(change.ordersPerSecond, change.seconds);
    case 'upgradeLoyaltySchema':
      return k.setBehaviour({ loyaltyV2AfterMs: 0 });
  }
}
