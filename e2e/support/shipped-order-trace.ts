import { expect, type Page } from '@playwright/test';

/** Waits until the demo shop (it runs with the server under test) has shipped an order, and returns that trace's correlation id. */
export async function shippedOrderTrace(page: Page): Promise<string> {
  let correlationId = '';
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/traces?limit=50');
        const body = (await res.json()) as { traces: { correlationId: string; types: string[] }[] };
        correlationId = body.traces.find((t) => t.types.some((ty) => ty.includes('OrderShipped')))?.correlationId ?? '';
        return correlationId;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .not.toBe('');
  return correlationId;
}
