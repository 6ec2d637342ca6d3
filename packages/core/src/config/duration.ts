import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `10m`, `1.5h`: a number and a unit, with a sign only where the value may be negative (`-5h`). */
const AMOUNT = /^([+-])?\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** Milliseconds of `10m`, `-5h`; whether it was written with a sign. */
function amountOf(text: string): { readonly ms: number; readonly signed: boolean } | undefined {
  const match = AMOUNT.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[2]) * UNITS[match[3]!]!;
  return { ms: match[1] === '-' ? -ms : ms, signed: match[1] !== undefined };
}

/** Parses `250ms`, `30s`, `10m`, `1.5h`, `1d`, or a bare number of milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const amount = amountOf(value);
  return amount === undefined || amount.signed ? undefined : amount.ms;
}

/** Parses a signed offset from UTC: `-5h`, `+5.5h`, `330m`, or a number of milliseconds (negative west of Greenwich). */
export function parseUtcOffset(value: string | number): number | undefined {
  const ms = typeof value === 'number' ? value : amountOf(value)?.ms;
  return ms !== undefined && Number.isInteger(ms) ? ms : undefined;
}

/** A zod type for config values written as text or ms: `parse` reads them, `problem` says what was found instead. */
function millisecondsSchema(parse: (value: string | number) => number | undefined, problem: (value: string | number) => string, description: string) {
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const ms = parse(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: problem(value) });
        return z.NEVER;
      }
      return ms;
    })
    .meta({ description });
}

/** A zod type for durations in config: accepts `10m` or milliseconds, outputs milliseconds. */
export const durationSchema = millisecondsSchema(parseDuration, (value) => `"${value}" is not a duration; write it like 500ms, 30s, 10m, 2h or 1d`, 'A duration: 500ms, 30s, 10m, 2h, 1d, or a number of milliseconds.');

/** A zod type for offsets from UTC in config: accepts `-5h` or milliseconds, outputs milliseconds. */
export const utcOffsetSchema = millisecondsSchema(
  parseUtcOffset,
  (value) => `"${value}" is not an offset from UTC; write it like -5h (UTC-5), +5.5h or +330m (UTC+5:30), or a whole number of milliseconds`,
  'An offset from UTC: -5h, +5.5h, +330m, or a whole number of milliseconds (negative west of Greenwich).',
);
