import { expect, it } from 'vitest';
import { demoKnobChangeSchema } from './demo-knobs';

it('refuses a knob change that is out of range or for an unknown service', () => {
  expect(demoKnobChangeSchema.safeParse({ action: 'setPoisonRate', fraction: 1.5 }).success).toBe(false);
  expect(demoKnobChangeSchema.safeParse({ action: 'pause', service: 'billing' }).success).toBe(false);
  expect(demoKnobChangeSchema.safeParse({ action: 'pause', service: 'payment-service' }).success).toBe(true);
  expect(demoKnobChangeSchema.safeParse({ action: 'upgradeLoyaltySchema' }).success).toBe(true);
});
