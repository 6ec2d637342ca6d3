import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { rollover } from './rollover.js';

describe('rollover', () => {
  it('records the order: open, subscribe, live, then release', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    scheduler.run(({ cold, expectObservable, flush }) => {
      const log: string[] = [];
      const steps = rollover({
        open: () => {
          log.push(`open@${scheduler.now()}`);
          return cold('5ms (c|)', { c: 'ch-2' });
        },
        makeLive: (c: string) => {
          log.push(`subscribe ${c}@${scheduler.now()}`);
          return cold('10ms (l|)', { l: c });
        },
        release: (l: string) => log.push(`release(after ${l} live)@${scheduler.now()}`),
      });
      expectObservable(steps).toBe('15ms (l|)', { l: 'ch-2' });
      flush();
      expect(log).toEqual(['open@0', 'subscribe ch-2@5', 'release(after ch-2 live)@15']);
    });
  });

  it('never releases the old socket when the replacement fails', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, flush }) => {
      let released = false;
      const steps = rollover({
        open: () => cold('5ms (c|)', { c: 'ch-2' }),
        makeLive: () => cold('10ms #', undefined, new Error('subscribe failed')),
        release: () => {
          released = true;
        },
      });
      expectObservable(steps).toBe('15ms #', undefined, new Error('subscribe failed'));
      flush();
      expect(released).toBe(false);
    });
  });
});
