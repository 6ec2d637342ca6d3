import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../retry/backoff.js';
import { STABLE_AFTER_MS, failuresAfterLoss, lossStart } from './reconnect.js';

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

describe('where a lost socket\'s gap starts', () => {
  // issue 13 (chaos): frames arrived 0.6-1.3 s late before drops; what the server sent after the
  // last one that arrived was lost with the socket, but the gap started at that frame's arrival
  it('starts the lag before the last frame arrived, when frames were arriving late', () => {
    expect(lossStart({ now: 100_000, lastFrame: 99_000, lag: 60_000, liveSince: 10_000 })).toBe(39_000);
  });

  it('never starts before the socket took over (where the previous gap ended)', () => {
    expect(lossStart({ now: 100_000, lastFrame: 99_000, lag: 60_000, liveSince: 70_000 })).toBe(70_000);
    expect(lossStart({ now: 100_000, lastFrame: 99_000, lag: 60_000, liveSince: 99_500 })).toBe(99_000);
  });

  it('starts at the last frame when the lag is unknown or nil, and never after now', () => {
    expect(lossStart({ now: 100_000, lastFrame: 99_000 })).toBe(99_000);
    expect(lossStart({ now: 100_000, lastFrame: 99_000, lag: 0, liveSince: 0 })).toBe(99_000);
    expect(lossStart({ now: 98_000, lastFrame: 99_000, lag: 500 })).toBe(97_500);
  });
});
