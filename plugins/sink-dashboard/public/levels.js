// Which colour a number gets on the wall. Plain ES module, shared by the page and the tests.

/** Worse the higher: 'critical' at or above `critical`, 'warn' at or above `warn`. */
export function levelAbove(value, limits) {
  if (value === null || value === undefined) return 'none';
  return value >= limits.critical ? 'critical' : value >= limits.warn ? 'warn' : 'ok';
}

/** Worse the lower: 'critical' below `critical`, 'warn' below `warn`. */
export function levelBelow(value, warn, critical) {
  if (value === null || value === undefined) return 'none';
  return value < critical ? 'critical' : value < warn ? 'warn' : 'ok';
}

const ORDER = ['none', 'ok', 'warn', 'critical'];
export const worst = (levels) => levels.reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'none');

/**
 * The levels of one tile. Service level turns amber below the queue's own target unless the
 * config sets `serviceLevel.warn`, since the target is the line the queue is held to.
 */
export function tileLevels(tile, thresholds, longestWaitMs) {
  const interval = tile.interval;
  const sl = interval?.serviceLevel;
  const slWarn = thresholds.serviceLevel.warn ?? sl?.target ?? 0.8;
  const levels = {
    waiting: levelAbove(tile.live.waiting, thresholds.waiting),
    longestWait: levelAbove(longestWaitMs, thresholds.longestWait),
    serviceLevel: levelBelow(sl?.ratio ?? null, slWarn, Math.min(thresholds.serviceLevel.critical, slWarn)),
    abandonRate: levelAbove(interval?.abandonRate ?? null, thresholds.abandonRate),
    asa: levelAbove(interval?.asaMs ?? null, thresholds.asa),
  };
  return { ...levels, tile: worst(Object.values(levels)) };
}
