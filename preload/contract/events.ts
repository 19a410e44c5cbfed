/**
 * Every event main pushes to the UI: name -> payload schema. Channel names are derived
 * (channels.ts). Must never: carry a secret or a whole document.
 */
import { z } from 'zod';
import { IntentIdSchema } from './schemas';

export const events = {
  'sign.progress': z.object({
    intentId: IntentIdSchema,
    /** 0-based document index and count (one for a single document). */
    index: z.number(),
    total: z.number(),
    file: z.string(),
    phase: z.enum(['start', 'copy', 'sign', 'write', 'signed', 'failed', 'skipped']),
    bytesDone: z.number(),
    bytesTotal: z.number(),
  }),
  'verify.progress': z.object({
    file: z.string(),
    done: z.number(),
    total: z.number(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];
