import { Subject, type Observable, type Subscription } from 'rxjs';

export type StreamEnd = { readonly reason: 'completed' | 'stopped' | 'failed'; readonly error?: unknown };

export interface RunStreamOptions<T> {
  /** The whole stream; `stop$` is placed right after its source by `build`. */
  readonly build: (stop$: Observable<void>) => Observable<T>;
  readonly next: (value: T) => void;
  readonly signal?: AbortSignal | undefined;
  /**
   * How long, after a stop, the operators may take to flush their state (a window emitting its
   * partial aggregate on completion) before the stream is cut.
   */
  readonly flushTimeout: number;
  /** Aborted when the user insists (a second Ctrl-C): the operators' flush is cut at once. */
  readonly force?: AbortSignal | undefined;
}

/**
 * Runs the stream until it completes, fails, or the signal aborts. A stop does not just
 * unsubscribe: it ends the source, so the completion runs down through every operator and
 * stateful ones flush what they hold into the sinks.
 */
export function runStream<T>(options: RunStreamOptions<T>): Promise<StreamEnd> {
  // Stopped before it started: do not open the source just to close it.
  if (options.signal?.aborted) return Promise.resolve({ reason: 'stopped' });
  return new Promise((resolve) => {
    const stop$ = new Subject<void>();
    let stopping = false;
    let done = false;
    let cut: ReturnType<typeof setTimeout> | undefined;
    let subscription: Subscription | undefined;
    const finish = (end: StreamEnd) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      options.force?.removeEventListener('abort', onForce);
      if (cut) clearTimeout(cut);
      subscription?.unsubscribe();
      resolve(end);
    };
    const onAbort = () => {
      if (stopping || done) return;
      stopping = true;
      cut = setTimeout(() => finish({ reason: 'stopped' }), options.flushTimeout);
      stop$.next();
    };
    const onForce = () => {
      onAbort();
      finish({ reason: 'stopped' });
    };
    subscription = options.build(stop$.asObservable()).subscribe({
      next: options.next,
      error: (error: unknown) => finish({ reason: 'failed', error }),
      complete: () => finish({ reason: stopping ? 'stopped' : 'completed' }),
    });
    // The stream may have ended during subscribe; `finish` then ran before `subscription` existed.
    if (done) subscription.unsubscribe();
    else {
      options.signal?.addEventListener('abort', onAbort, { once: true });
      options.force?.addEventListener('abort', onForce, { once: true });
    }
  });
}

