import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Parses `250ms`, `30s`, `10m`, `1.5h`, `1d`, or a bare number of milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** A zod type for durations in config: accepts `10m` or milliseconds, outputs milliseconds. */
export const durationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration; write it like 500ms, 30s, 10m, 2h or 1d` });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: 'A duration: 500ms, 30s, 10m, 2h, 1d, or a number of milliseconds.' });
