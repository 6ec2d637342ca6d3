import { z } from 'zod';

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)$/i;

/** Parses `64MB`, `512KiB`, `1GB`, or a bare number of bytes. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
  return bytes > 0 ? bytes : undefined;
}

/** A size in config: `64MB`, `512KiB`, or a number of bytes; outputs bytes. */
export const byteSizeSchema = z
  // Integer first: a bare number here is bytes, not the milliseconds a string-or-number duration means.
  .union([z.int(), z.string()])
  .transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a size; write it like 64MB, 512KiB, 1GB, or a whole number of bytes above 0` });
      return z.NEVER;
    }
    return bytes;
  })
  .meta({ description: 'A size: 64MB, 512KiB, 1GB (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024), or a number of bytes.' });
