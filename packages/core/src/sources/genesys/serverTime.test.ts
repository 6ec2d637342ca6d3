import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerTime } from './serverTime.js';

/** A server whose clock is `skew` ahead of the host and runs `speed` times faster; answers take `rtt` ms. */
function samples(time: ServerTime, local: { now: number }, options: { skew: number; speed: number; rtt: number; every: number; count: number }) {
  const serverAt = (t: number) => 1_800_000_000_000 + options.skew + (t - 1_700_000_000_000) * options.speed;
  for (let i = 0; i < options.count; i++) {
    const sent = local.now;
    const stampedAt = sent + options.rtt / 2;
    const received = sent + options.rtt;
    time.observe(new Date(serverAt(stampedAt)).toUTCString(), sent, received);
    local.now = received + options.every;
  }
  return serverAt;
}

describe('ServerTime', () => {
  it('follows a server clock skewed by minutes, to within the header resolution and the round trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 600_000 }), fc.integer({ min: 1, max: 300 }), (skew, rtt) => {
        const local = { now: 1_700_000_000_000 };
        const time = new ServerTime(() => local.now);
        const serverAt = samples(time, local, { skew, speed: 1, rtt, every: 1234, count: 20 });
        expect(time.rate).toBe(1);
        expect(Math.abs(time.now() - serverAt(local.now))).toBeLessThanOrEqual(1000 + rtt);
      }),
    );
  });

  it('learns the rate of a server clock running faster than the wall clock (an emulator at --speed 20)', () => {
    const local = { now: 1_700_000_000_000 };
    const time = new ServerTime(() => local.now);
    const serverAt = samples(time, local, { skew: 0, speed: 20, rtt: 5, every: 500, count: 40 });
    expect(time.rate).toBeGreaterThan(19);
    expect(time.rate).toBeLessThan(21);
    expect(Math.abs(time.now() - serverAt(local.now)) / 20).toBeLessThan(1000);
    expect(time.toLocalMs(60_000)).toBeCloseTo(3000, -2);
  });

  it('ignores answers without a readable Date header, and uses the host clock until one comes', () => {
    const local = { now: 1_700_000_000_000 };
    const time = new ServerTime(() => local.now);
    time.observe(undefined, 0, 1);
    time.observe('not a date', 0, 1);
    expect(time.sampleCount).toBe(0);
    expect(time.now()).toBe(local.now);
  });
});

describe('ServerTime error bound', () => {
  it('bounds the error of a skewed real-time clock by the samples, and of a fast clock by its rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 600_000 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 60 }), (skew, rtt, speed) => {
        const local = { now: 1_700_000_000_000 };
        const time = new ServerTime(() => local.now);
        const serverAt = samples(time, local, { skew, speed, rtt, every: 97, count: 30 });
        expect(Math.abs(time.now() - serverAt(local.now))).toBeLessThanOrEqual(time.errorBoundMs() + 1);
      }),
    );
  });
});
