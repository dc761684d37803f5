import { expect, it } from 'vitest';
import { serviceNames } from '../demo/lib/names';
import { demoKnobChangeSchema, demoServiceNames } from './demo-knobs';

it('names the same services as the demo shop', () => {
  expect([...demoServiceNames].sort()).toEqual([...serviceNames].sort());
});

it('refuses a knob change that is out of range or for an unknown service', () => {
  expect(demoKnobChangeSchema.safeParse({ action: 'setPoisonRate', fraction: 1.5 }).success).toBe(false);
  expect(demoKnobChangeSchema.safeParse({ action: 'pause', service: 'billing' }).success).toBe(false);
  expect(demoKnobChangeSchema.safeParse({ action: 'pause', service: 'payment-service' }).success).toBe(true);
});
