import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { heartbeatWatchdog } from './heartbeatWatchdog.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('heartbeatWatchdog', () => {
  it('stays quiet while heartbeats keep arriving within the timeout', () => {
    newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const beats = hot('  20ms h 29ms h 29ms h 29ms h');
      // beats at 20, 50, 80, 110: the watchdog would fire at 145; we stop watching at 140
      const unsub = '      140ms !';
      expectObservable(beats.pipe(heartbeatWatchdog({ timeoutMs: 35 })), unsub).toBe('');
      expectSubscriptions(beats.subscriptions).toBe('^ 139ms !');
    });
  });

  it('fires once, 35 ticks after the last heartbeat, and unsubscribes from the beats', () => {
    newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const beats = hot('  10ms h 9ms h');
      // last beat at 20 -> dead at 55
      expectObservable(beats.pipe(heartbeatWatchdog({ timeoutMs: 35 }))).toBe('55ms (d|)', { d: 35 });
      expectSubscriptions(beats.subscriptions).toBe('^ 54ms !');
    });
  });

  it('counts from subscription when no heartbeat ever arrives', () => {
    newScheduler().run(({ hot, expectObservable }) => {
      expectObservable(hot('-').pipe(heartbeatWatchdog({ timeoutMs: 35 }))).toBe('35ms (d|)', { d: 35 });
    });
  });
});
