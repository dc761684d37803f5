import { expect, type APIRequestContext } from '@playwright/test';

/** Turns one of the demo shop's knobs (POST /api/demo/knobs) as the signed-in page's user. */
export async function demoKnob(request: APIRequestContext, change: Record<string, unknown>): Promise<void> {
  const me = (await (await request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await request.post('/api/demo/knobs', { headers: { 'x-csrf-token': me.csrfToken }, data: change });
  expect(res.status()).toBe(200);
}
