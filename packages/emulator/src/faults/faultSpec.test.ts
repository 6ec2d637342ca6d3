import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmulatorUsageError } from '../errors.js';
import { FAULT_KINDS, parseFaultSpec } from './faultSpec.js';

describe('parseFaultSpec', () => {
  it('parses several faults with their parameters from one string', () => {
    expect(parseFaultSpec('drop-sockets:every=15s,socket-closing:every=20s,429:count=5')).toEqual([
      { kind: 'drop-sockets', everyMs: 15_000 },
      { kind: 'socket-closing', everyMs: 20_000 },
      { kind: '429', count: 5 },
    ]);
  });

  it('attaches bare key=value items to the fault before them', () => {
    expect(parseFaultSpec('delay:by=200ms,rate=0.25,silent:at=2s,for=1.5s,reorder')).toEqual([
      { kind: 'delay', byMs: 200, rate: 0.25 },
      { kind: 'silent', atMs: 2000, forMs: 1500 },
      { kind: 'reorder' },
    ]);
  });

  it('accepts a list of strings, as the CLI passes repeated --faults flags', () => {
    expect(parseFaultSpec(['token-429:count=2,retry-after=3s', 'malformed:count=4', 'revoke-tokens:at=1m'])).toEqual([
      { kind: 'token-429', count: 2, retryAfterSec: 3 },
      { kind: 'malformed', count: 4 },
      { kind: 'revoke-tokens', atMs: 60_000 },
    ]);
    expect(parseFaultSpec([])).toEqual([]);
    expect(parseFaultSpec(' ')).toEqual([]);
  });

  it.each([
    ['explode', /unknown fault "explode"/],
    ['drop-sockets:every=15', /not a duration; write it with a unit/],
    ['drop-sockets:rate=0.5', /"drop-sockets" takes at, every, not "rate"/],
    ['duplicate:rate=2', /rate=2 must be a number from 0 to 1/],
    ['count=3', /comes before any fault name/],
    ['429:count', /not key=value/],
    ['socket-closing:every=1ms', /every must be at least 10ms/],
  ])('rejects %s with a message that says what to write', (spec, message) => {
    let error: unknown;
    try {
      parseFaultSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorUsageError);
    expect((error as EmulatorUsageError).code).toBe('GCS_USAGE');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^\[gcstream\] \[emulator\] bad fault spec/);
  });

  it('round-trips any fault list written in the documented syntax', () => {
    const kinds = Object.keys(FAULT_KINDS) as (keyof typeof FAULT_KINDS)[];
    const fault = fc.record({ kind: fc.constantFrom(...kinds), seconds: fc.integer({ min: 1, max: 3600 }) });
    fc.assert(
      fc.property(fc.array(fault, { maxLength: 6 }), (faults) => {
        const spec = faults
          .map((f) => ((FAULT_KINDS[f.kind] as readonly string[]).includes('every') ? `${f.kind}:every=${f.seconds}s` : `${f.kind}:for=${f.seconds}s`))
          .join(',');
        const parsed = parseFaultSpec(spec);
        expect(parsed.map((p) => p.kind)).toEqual(faults.map((f) => f.kind));
        expect(parsed.map((p) => p.everyMs ?? p.forMs)).toEqual(faults.map((f) => f.seconds * 1000));
      }),
    );
  });
});
