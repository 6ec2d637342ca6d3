// The page's own modules are plain JavaScript shipped as is; their logic is checked here in Node.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the page, without type declarations
import { clock, duration, escapeHtml, hourMinute, longestWaitNow, percent, threshold } from '../public/format.js';
// @ts-expect-error: a plain ES module of the page, without type declarations
import { levelAbove, levelBelow, tileLevels } from '../public/levels.js';
import { dashboardOptionsSchema } from '../src/options.js';

const thresholds = dashboardOptionsSchema.parse({}).thresholds;

describe('page formats', () => {
  it('durations as m:ss or h:mm:ss, ratios as whole percents, a dash for nothing', () => {
    expect([duration(0), duration(75_000), duration(3_725_000), duration(null)]).toEqual(['0:00', '1:15', '1:02:05', '–']);
    expect([percent(0.853), percent(1), percent(null)]).toEqual(['85%', '100%', '–']);
    expect([threshold(20_000), threshold(86_400_000), threshold(600_000)]).toEqual(['20 s', '24 h', '10 min']);
    expect(escapeHtml(`<b a="x">&'`)).toBe('&#60;b a=&#34;x&#34;&#62;&#38;&#39;');
  });

  it('shows times on a 24-hour clock, midnight as 00 (the stale banner and the interval header)', () => {
    expect(clock(new Date(2026, 0, 1, 0, 5, 7).getTime())).toBe('00:05:07');
    expect(clock(new Date(2026, 0, 1, 17, 30, 0).getTime())).toBe('17:30:00');
    expect(hourMinute(new Date(2026, 0, 1, 9, 30).getTime())).toBe('09:30');
  });

  it('ages the longest wait by the time since the server saw it, on the server’s clock', () => {
    const live = { waiting: 2, longestWaitMs: 30_000, seenAt: 1_000_000 };
    // The viewer's clock is 5 s behind the server's.
    expect(longestWaitNow(live, 5_000, 1_000_000 - 5_000 + 4_000)).toBe(34_000);
    expect(longestWaitNow({ ...live, waiting: 0 }, 0, 2_000_000)).toBeNull();
    expect(longestWaitNow({ ...live, longestWaitMs: null }, 0, 2_000_000)).toBeNull();
  });
});

describe('page colours', () => {
  it('turn amber at warn and red at critical, worse the higher or the lower', () => {
    expect([4, 5, 9, 10, null].map((v) => levelAbove(v, { warn: 5, critical: 10 }))).toEqual(['ok', 'warn', 'warn', 'critical', 'none']);
    expect([0.9, 0.8, 0.79, 0.59, null].map((v) => levelBelow(v, 0.8, 0.6))).toEqual(['ok', 'ok', 'warn', 'critical', 'none']);
  });

  it("hold service level to the queue's own target unless the config sets warn", () => {
    const tile = (ratio: number, target: number | null) => ({ live: { waiting: 0 }, interval: { serviceLevel: { ratio, target }, abandonRate: 0, asaMs: 0 } });
    expect(tileLevels(tile(0.85, 0.9), thresholds, null).serviceLevel).toBe('warn');
    expect(tileLevels(tile(0.85, null), thresholds, null).serviceLevel).toBe('ok');
    expect(tileLevels(tile(0.85, 0.9), { ...thresholds, serviceLevel: { warn: 0.8, critical: 0.6 } }, null).serviceLevel).toBe('ok');
    expect(tileLevels(tile(0.5, 0.9), thresholds, null).serviceLevel).toBe('critical');
  });

  it('give the tile the level of its worst number', () => {
    const tile = { live: { waiting: 12 }, interval: { serviceLevel: { ratio: 0.95, target: 0.8 }, abandonRate: 0.01, asaMs: 5_000 } };
    expect(tileLevels(tile, thresholds, 10_000)).toMatchObject({ waiting: 'critical', longestWait: 'ok', serviceLevel: 'ok', tile: 'critical' });
    expect(tileLevels({ live: { waiting: 0 }, interval: null }, thresholds, null).tile).toBe('ok');
  });
});
