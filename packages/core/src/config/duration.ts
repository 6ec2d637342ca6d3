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

const OFFSET = /^([+-])?\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Parses a signed offset from UTC: `-5h`, `+5.5h`, `330m`, or a number of milliseconds (negative west of Greenwich). */
export function parseUtcOffset(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const match = OFFSET.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[2]) * UNITS[match[3]!]!;
  if (!Number.isInteger(ms)) return undefined;
  return match[1] === '-' ? -ms : ms;
}

/** A zod type for offsets from UTC in config: accepts `-5h` or milliseconds, outputs milliseconds. */
export const utcOffsetSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const ms = parseUtcOffset(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not an offset from UTC; write it like -5h (UTC-5), +5.5h or +330m (UTC+5:30), or a whole number of milliseconds` });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: 'An offset from UTC: -5h, +5.5h, +330m, or a whole number of milliseconds (negative west of Greenwich).' });
