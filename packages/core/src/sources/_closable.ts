import { Observable, type Subscriber } from 'rxjs';

/**
 * Wraps a cold observable so that `close()` completes every current subscriber (their teardown
 * releases what the source opened) and every later one at once. Completing rather than erroring
 * lets a pipeline drain what it already holds, as on a stop signal.
 */
export function closable<T>(inner$: Observable<T>): { readonly frames$: Observable<T>; close(): Promise<void> } {
  const open = new Set<Subscriber<T>>();
  let closed = false;
  const frames$ = new Observable<T>((subscriber) => {
    if (closed) {
      subscriber.complete();
      return undefined;
    }
    open.add(subscriber);
    const inner = inner$.subscribe(subscriber);
    return () => {
      open.delete(subscriber);
      inner.unsubscribe();
    };
  });
  return {
    frames$,
    close: () => {
      closed = true;
      for (const subscriber of [...open]) subscriber.complete();
      return Promise.resolve();
    },
  };
}
