import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rateLimiter.js';

describe('createRateLimiter', () => {
  it('allows the limit per key per minute, then answers with the seconds left in the window', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].every((d) => d.ok)).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
    now += 15_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSec: 45 });
    now += 45_000;
    expect(limiter.take('a').ok).toBe(true);
  });
});
