import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { timer } from 'rxjs';
import { keepTokenWarm, refreshDelay, tokenRefresh, type AccessToken } from './tokenRefresh.js';

const token = (n: number, expiresInMs: number): AccessToken => ({ accessToken: `t${n}`, expiresInMs });

describe('tokenRefresh', () => {
  it('refreshes at 80% of each token life', () => {
    expect(refreshDelay(300_000)).toBe(240_000);
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      let n = 0;
      // each login takes 2 ticks; tokens live 100 ticks -> refresh 80 ticks after each arrives
      const fetchToken = () => {
        n++;
        return cold('2ms (t|)', { t: token(n, 100) });
      };
      expectObservable(tokenRefresh(fetchToken), '200ms !').toBe('2ms a 81ms b 81ms c', { a: token(1, 100), b: token(2, 100), c: token(3, 100) });
    });
  });

  it('follows each token own lifetime, scaled by the server speed', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const lifetimes = [100, 50, 1000];
      let n = 0;
      const fetchToken = () => cold('(t|)', { t: token(n, lifetimes[n++]!) });
      // speed 2: 80/2 = 40, then 40/2 = 20
      expectObservable(tokenRefresh(fetchToken, { serverSpeed: 2 }), '100ms !').toBe('a 39ms b 19ms c', {
        a: token(0, 100),
        b: token(1, 50),
        c: token(2, 1000),
      });
    });
  });

  it('errors when a login fails, so the caller can decide', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      let n = 0;
      const fetchToken = () => (n++ === 0 ? cold('(t|)', { t: token(0, 10) }) : cold<AccessToken>('#', undefined, new Error('invalid_client')));
      expectObservable(tokenRefresh(fetchToken)).toBe('a 7ms #', { a: token(0, 10) }, new Error('invalid_client'));
    });
  });

  it('keepTokenWarm retries a failed refresh without waiting the token life again', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, flush }) => {
      const calls: number[] = [];
      let n = 0;
      // the first refresh fails; the retry (10 ticks later) must not wait another 80 ticks first
      const refresh = () => {
        calls.push(n);
        return n++ === 0 ? cold<AccessToken>('2ms #', undefined, new Error('ECONNRESET')) : cold('2ms (t|)', { t: token(n, 100) });
      };
      const warm$ = keepTokenWarm(token(0, 100), refresh, { retryDelay: () => timer(10) });
      // 80 wait + 2 fail + 10 retry delay + 2 login = 94
      expectObservable(warm$, '150ms !').toBe('94ms a', { a: token(2, 100) });
      flush();
      expect(calls).toEqual([0, 1]);
    });
  });
});
