// The testkit's operator harness applied to dedupe as a config builds it (by name, options parsed).
import { describe, expect, it } from 'vitest';
import { assertConservesCounts, assertIdempotent, assertNeverThrows, assertReorderInsensitive, builtinOperator } from '@gcstream/testkit';

const dedupe = builtinOperator('dedupe');

describe('dedupe under the operator harness', () => {
  it('never throws on any valid notification, and never errors', () => {
    expect(assertNeverThrows(dedupe, { ttl: '10m' }).streams).toBe(100);
  });

  it('is idempotent under duplicates: the output is the stream without its copies', () => {
    expect(assertIdempotent(dedupe, { ttl: '10m' }).streams).toBe(100);
  });

  it('keeps the same notifications whatever order they arrive in', () => {
    expect(assertReorderInsensitive(dedupe, {}, { boundMs: 10_000 }).streams).toBe(100);
  });

  it('accounts for every notification: passed on, or counted as a duplicate', () => {
    const report = assertConservesCounts(dedupe, {}, { traffic: { duplicates: true }, reported: ['gcstream_dedupe_duplicates_total'] });
    expect(report.events.longest).toBeGreaterThan(20);
  });
});
