import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../retry/backoff.js';
import { STABLE_AFTER_MS, failuresAfterLoss } from './reconnect.js';

describe('reconnect backoff', () => {
  it('starts over after a socket that stayed up a few seconds, though not as long as the cap', () => {
    // Drops every 10 s (as in the chaos run): each socket was up about 9.5 s, well under the 30 s cap.
    let failures = 0;
    const pauses: number[] = [];
    for (let drop = 0; drop < 6; drop++) {
      failures = failuresAfterLoss(failures, 9_500, 30_000);
      pauses.push(backoffDelay(failures++, { initialDelay: 500, maxDelay: 30_000, random: () => 0.99 }));
    }
    expect(pauses.every((p) => p < 500)).toBe(true);
  });

  it('keeps backing off for sockets that die as soon as they are up', () => {
    let failures = 0;
    for (let drop = 0; drop < 6; drop++) failures = failuresAfterLoss(failures, 200, 30_000) + 1;
    expect(failures).toBe(6);
    expect(backoffDelay(failures, { initialDelay: 500, maxDelay: 30_000, random: () => 0.99 })).toBeGreaterThan(20_000);
  });

  it('with a cap below the stable time, a socket up longer than the cap counts as stable', () => {
    expect(failuresAfterLoss(4, 600, 500)).toBe(0);
    expect(failuresAfterLoss(4, 400, 500)).toBe(4);
    expect(failuresAfterLoss(4, STABLE_AFTER_MS, 30_000)).toBe(0);
  });
});
