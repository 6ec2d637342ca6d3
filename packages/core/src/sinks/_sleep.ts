/**
 * Resolves after `ms`, or at once when `signal` aborts (the caller checks which). Unlike
 * `timers/promises`' `setTimeout`, an abort does not reject: a retry loop just looks at its state.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
