import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ServerTime } from './serverTime.js';
import { afterServerMs, atServerTime } from './serverTimer.js';

describe('server timers', () => {
  it('fire once at the server time, checking every second however far away it is, and hold nothing per check', () => {
    const scheduler = new VirtualTimeScheduler(undefined, Number.POSITIVE_INFINITY);
    // The server's clock, estimated from the local one (no Date header seen: the same clock).
    const time = new ServerTime(() => scheduler.now());
    const fired: number[] = [];
    // A day and a bit: a channel's lifetime. As nested subscriptions this was 90,000 deep.
    const deadline = 90_000_000;
    atServerTime(time, deadline, scheduler).subscribe({ next: () => fired.push(scheduler.now()), complete: () => fired.push(-1) });
    scheduler.flush();
    expect(fired).toEqual([deadline, -1]);
  });

  it('fires at once for a time already past, and never once unsubscribed', () => {
    const scheduler = new VirtualTimeScheduler(undefined, Number.POSITIVE_INFINITY);
    const time = new ServerTime(() => scheduler.now());
    let fired = 0;
    atServerTime(time, -5, scheduler).subscribe(() => fired++);
    expect(fired).toBe(1);
    const sub = afterServerMs(time, 10_000, scheduler).subscribe(() => fired++);
    scheduler.schedule(() => sub.unsubscribe(), 5_000);
    scheduler.flush();
    expect(fired).toBe(1);
    expect(scheduler.now()).toBeLessThan(10_000);
  });
});
