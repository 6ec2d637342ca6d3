export type RateDecision = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * A fixed one-minute window per key, the way Genesys counts requests per token. Rate limits are
 * about the load on the server, so they run on wall time, not the simulated clock.
 */
export type RateLimiter = ReturnType<typeof createRateLimiter>;

export function createRateLimiter(limitPerMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const WINDOW_MS = 60_000;

  return {
    take(key: string): RateDecision {
      const t = now();
      let window = windows.get(key);
      if (!window || t - window.start >= WINDOW_MS) {
        if (windows.size > 10_000) windows.clear();
        window = { start: t, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limitPerMinute) {
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((window.start + WINDOW_MS - t) / 1000)) };
      }
      window.count += 1;
      return { ok: true };
    },
  };
}
