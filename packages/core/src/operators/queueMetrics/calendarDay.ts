/**
 * Where each "today" of `queueMetrics` begins and ends. Genesys's Queue Performance views count
 * today from the viewer's local midnight, and a fixed offset from UTC midnight is an hour off for
 * half the year wherever clocks change: with a time zone, days follow its midnights, 23 and 25
 * hours long on the days daylight saving starts and ends.
 */
export interface DayCalendar {
  /** The start (epoch ms) of the day that holds `t`. */
  dayOf(t: number): number;
  /** The start of the day after the one that starts at `start`. */
  nextDay(start: number): number;
}

export const DAY = 86_400_000;
/** The longest calendar day (a daylight-saving day of 25 hours): `queueMetrics` keeps at least this much of intervals, so "today" is whole. */
export const KEEP_AT_LEAST = 25 * 3_600_000;
const MINUTE = 60_000;

/**
 * Days of 24 hours from local midnight in a zone `offset` ms from UTC (-18000000 for UTC-5, whose
 * days start at 05:00 UTC).
 */
export function fixedOffsetDays(offset: number): DayCalendar {
  return {
    dayOf: (t) => Math.floor((t + offset) / DAY) * DAY - offset,
    nextDay: (start) => start + DAY,
  };
}

/** Whether `timeZone` is an IANA time zone this Node.js knows (`Europe/Paris`, `America/New_York`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms, east positive) at `t`. */
export function timeZoneOffset(timeZone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(t);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * Days from local midnight to local midnight in `timeZone`. A day's start is found by bisecting
 * the minutes before `t` for the first one on its local date (about 11 formattings), and the last
 * two days found are kept: the operator asks for a day on every count it moves, almost always
 * today's or yesterday's.
 */
export function timeZoneDays(timeZone: string): DayCalendar {
  // en-CA writes dates as YYYY-MM-DD, which compare as text in date order.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateAt = (t: number) => format.format(t);
  const startOf = (t: number): number => {
    const target = dateAt(t);
    // No local day lasts 27 hours, so the minute 27 hours back is on an earlier date.
    let before = Math.floor((t - 27 * 3_600_000) / MINUTE);
    let on = Math.floor(t / MINUTE);
    while (on - before > 1) {
      const mid = Math.floor((before + on) / 2);
      if (dateAt(mid * MINUTE) >= target) on = mid;
      else before = mid;
    }
    return on * MINUTE;
  };
  let recent = { start: Number.NaN, end: Number.NaN };
  let older = recent;
  const day = (t: number) => {
    if (t >= recent.start && t < recent.end) return recent;
    if (t >= older.start && t < older.end) return older;
    const start = startOf(t);
    older = recent;
    // 36 hours on is always inside the next day: days last 23 to 25 hours.
    return (recent = { start, end: startOf(start + 36 * 3_600_000) });
  };
  return {
    dayOf: (t) => day(t).start,
    nextDay: (start) => day(start).end,
  };
}
