import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedOffsetDays, isTimeZone, timeZoneDays, timeZoneOffset } from './calendarDay.js';

const T = (iso: string) => Date.parse(iso);

describe('the days "today" is counted over', () => {
  it('shifts UTC days by a fixed offset', () => {
    const days = fixedOffsetDays(-5 * 3_600_000);
    expect(days.dayOf(T('2026-03-08T04:59:00Z'))).toBe(T('2026-03-07T05:00:00Z'));
    expect(days.dayOf(T('2026-03-08T05:00:00Z'))).toBe(T('2026-03-08T05:00:00Z'));
    expect(days.nextDay(T('2026-03-08T05:00:00Z'))).toBe(T('2026-03-09T05:00:00Z'));
  });

  it("follows New York's midnights through the 23-hour and the 25-hour day", () => {
    const ny = timeZoneDays('America/New_York');
    // 8 March 2026: clocks go from 02:00 EST to 03:00 EDT.
    expect(ny.dayOf(T('2026-03-08T12:00:00Z'))).toBe(T('2026-03-08T05:00:00Z'));
    expect(ny.nextDay(T('2026-03-08T05:00:00Z'))).toBe(T('2026-03-09T04:00:00Z'));
    expect(ny.dayOf(T('2026-03-09T03:59:59.999Z'))).toBe(T('2026-03-08T05:00:00Z'));
    expect(ny.dayOf(T('2026-03-09T04:00:00Z'))).toBe(T('2026-03-09T04:00:00Z'));
    // 1 November 2026: from 02:00 EDT back to 01:00 EST.
    expect(ny.dayOf(T('2026-11-01T12:00:00Z'))).toBe(T('2026-11-01T04:00:00Z'));
    expect(ny.nextDay(T('2026-11-01T04:00:00Z'))).toBe(T('2026-11-02T05:00:00Z'));
  });

  it('starts a day whose midnight does not exist at its first minute', () => {
    // Santiago springs forward at midnight: 6 September 2026 begins at 01:00 local (04:00 UTC).
    const santiago = timeZoneDays('America/Santiago');
    expect(santiago.dayOf(T('2026-09-06T12:00:00Z'))).toBe(T('2026-09-06T04:00:00Z'));
    expect(santiago.nextDay(T('2026-09-05T04:00:00Z'))).toBe(T('2026-09-06T04:00:00Z'));
  });

  it('puts every moment in the day it names, in zones east and west, whatever the order it is asked', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
      const days = timeZoneDays(zone);
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      fc.assert(
        fc.property(fc.integer({ min: T('2025-01-01T00:00:00Z'), max: T('2027-12-31T00:00:00Z') }), (t) => {
          const start = days.dayOf(t);
          const end = days.nextDay(start);
          expect(start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(end);
          expect(date.format(start)).toBe(date.format(t));
          expect(date.format(start - 60_000)).not.toBe(date.format(t));
          expect(end - start).toBeGreaterThanOrEqual(23 * 3_600_000);
          expect(end - start).toBeLessThanOrEqual(25 * 3_600_000);
        }),
        { numRuns: 200, seed: 11 },
      );
    }
  });

  it('knows time zones and their offsets', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(timeZoneOffset('America/New_York', T('2026-01-01T00:00:00Z'))).toBe(-5 * 3_600_000);
    expect(timeZoneOffset('Asia/Kathmandu', T('2026-07-01T00:00:00Z'))).toBe(345 * 60_000);
  });
});
