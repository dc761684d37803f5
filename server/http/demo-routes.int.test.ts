import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditPage } from '../../lib/audit-types';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: { cookie: string; csrfToken: string };

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers(), env: { EVENTLINE_DEMO: 'true', EVENTLINE_DEMO_RATE: '2' } });
  admin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

const knob = (body: unknown) =>
  fetch(`${server.url}/api/demo/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify(body),
  });

it('turns the demo shop knobs through the API, audited', async () => {
  const paused = await knob({ action: 'pause', service: 'payment-service' });
  expect(paused.status).toBe(200);
  const state = (await (await fetch(`${server.url}/api/demo`, { headers: { cookie: admin.cookie } })).json()) as {
    knobs: { services: Record<string, { paused: boolean }>; poisonRate: number };
  };
  expect(state.knobs.services['payment-service']!.paused).toBe(true);
  expect((await knob({ action: 'resume', service: 'payment-service' })).status).toBe(200);
  expect((await knob({ action: 'setPoisonRate', fraction: 2 })).status).toBe(422);
  const upgraded = await knob({ action: 'upgradeLoyaltySchema' });
  expect(upgraded.status).toBe(200);
  expect(((await upgraded.json()) as { loyaltyV2AfterMs: number }).loyaltyV2AfterMs).toBe(0);

  const audit = (await (await fetch(`${server.url}/api/audit?limit=10`, { headers: { cookie: admin.cookie } })).json()) as AuditPage;
  expect(audit.entries.filter((e) => e.action.startsWith('demo.')).map((e) => [e.action, e.target])).toEqual([
    ['demo.upgradeLoyaltySchema', 'loyalty-service'],
    ['demo.resume', 'payment-service'],
    ['demo.pause', 'payment-service'],
  ]);
});
