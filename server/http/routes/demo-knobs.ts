import { z } from 'zod';
import { serviceNames } from '../../../demo/lib/names';

/** The demo shop's services, as the console's knob API names them (names.ts is pure constants). */
export const demoServiceNames = serviceNames;

const service = z.enum(demoServiceNames);

/** One chaos-knob change, as POST /api/demo/knobs takes it. */
export const demoKnobChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('setSlow'), service, msPerMessage: z.number().int().min(0).max(60_000) }),
  z.object({ action: z.literal('pause'), service }),
  z.object({ action: z.literal('resume'), service }),
  z.object({ action: z.literal('stop'), service }),
  z.object({ action: z.literal('start'), service }),
  z.object({ action: z.literal('setPoisonRate'), fraction: z.number().min(0).max(1) }),
  z.object({ action: z.literal('setRate'), ordersPerSecond: z.number().positive().max(10_000) }),
  z.object({ action: z.literal('burst'), ordersPerSecond: z.number().positive().max(10_000), seconds: z.number().int().min(1).max(3600) }),
  /** loyalty-service writes v2 of its Avro schema from its next shipment on. */
  z.object({ action: z.literal('upgradeLoyaltySchema') }),
]);
export type DemoKnobChange = z.infer<typeof demoKnobChangeSchema>;
