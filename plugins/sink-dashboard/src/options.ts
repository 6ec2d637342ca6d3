import { durationSchema } from '@gcstream/core';
import { z } from 'zod';

/**
 * Service level is worse the lower it gets. Amber starts below the queue's own target (its
 * `mediaSettings` percentage) unless `warn` is set, because that is the line a supervisor is held to.
 */
const serviceLevel = z
  .strictObject({
    warn: z.number().min(0).max(1).optional().meta({ description: "Amber below this ratio. Default: each queue's own target, or 0.8 when it is not known." }),
    critical: z.number().min(0).max(1).default(0.6).meta({ description: 'Red below this ratio.' }),
  })
  .prefault({})
  .refine((t) => t.warn === undefined || t.critical <= t.warn, { message: 'critical must not be above warn: the colour turns amber before it turns red' })
  .meta({ description: "Service level for the interval: amber below `warn` (default: the queue's target), red below `critical` (ratios 0..1)." });

/** A metric that is worse the higher it gets: warn at or above `warn`, critical at or above `critical`. */
const above = <T extends z.ZodType<number, unknown>>(value: T, warn: z.input<T>, critical: z.input<T>, what: string) =>
  z
    .strictObject({ warn: value.prefault(warn as never), critical: value.prefault(critical as never) })
    .prefault({})
    .refine((t) => (t.critical as number) >= (t.warn as number), { message: 'critical must not be below warn: the colour turns amber before it turns red' })
    .meta({ description: `${what}: amber at \`warn\` or more, red at \`critical\` or more.` });

const count = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1);

export const dashboardOptionsSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65_535).default(8080).meta({ description: 'TCP port the wallboard is served on (0 picks a free one; the address is logged).' }),
    host: z.string().min(1).default('127.0.0.1').meta({ description: 'Address to listen on. 127.0.0.1 serves this machine only; 0.0.0.0 serves the wall screen across the network.' }),
    title: z.string().min(1).default('Queue wallboard').meta({ description: 'Heading of the page and its browser tab.' }),
    staleAfter: durationSchema.prefault('10s').meta({ description: 'The page shows a "stale since" banner after this long without a word from the server (an update or a heartbeat).' }),
    heartbeat: durationSchema.prefault('2s').meta({ description: 'How often the server tells connected pages it is alive (whether or not updates come); keep it well below staleAfter.' }),
    tvPageInterval: durationSchema
      .prefault('15s')
      .meta({ description: 'In TV mode, when the tiles do not fit the screen, the page moves on by a screenful this often, and back to the top after the last (0 = never).' }),
    thresholds: z
      .strictObject({
        serviceLevel,
        waiting: above(count, 5, 10, 'Interactions waiting now'),
        longestWait: above(durationSchema, '1m', '3m', 'Longest current wait'),
        abandonRate: above(ratio, 0.05, 0.1, 'Abandon rate for the interval (0..1)'),
        asa: above(durationSchema, '30s', '1m', 'Average speed of answer for the interval'),
      })
      .prefault({})
      .meta({ description: 'When a number turns amber or red.' }),
  })
  .refine((o) => o.heartbeat < o.staleAfter, { message: 'heartbeat must be shorter than staleAfter, or every page shows stale between two heartbeats', path: ['heartbeat'] })
  .meta({ description: 'Serves a live queue wallboard over HTTP, fed by queueMetrics.' });

export type DashboardOptions = z.output<typeof dashboardOptionsSchema>;
export type Thresholds = DashboardOptions['thresholds'];
