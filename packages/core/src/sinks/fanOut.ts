import type { SinkRunner } from './sinkRunner.js';

/**
 * Hands every event to every sink, in order. A sink whose policy is `block` and whose buffer is
 * full holds the fan-out: later events wait here (the WebSocket source cannot be paused, so they
 * wait in memory) until it has room. Sinks with `dead-letter` or `drop-oldest` never hold it.
 */
export interface FanOut<E> {
  push(event: E): void;
  /** Events waiting behind a blocked sink. */
  readonly waiting: number;
  /** Resolves when nothing waits. */
  whenFlushed(): Promise<void>;
  /** Gives the waiting events to `dead` and stops waiting. */
  abort(dead: (event: E) => void): void;
}

export interface FanOutOptions {
  /** Told each time the backlog behind a blocked sink crosses another multiple of `warnEvery`. */
  readonly onBacklog?: (waiting: number, sink: string) => void;
  /** @default 10000 */
  readonly warnEvery?: number;
}

export function createFanOut<E>(runners: readonly SinkRunner<E>[], options: FanOutOptions = {}): FanOut<E> {
  const warnEvery = options.warnEvery ?? 10_000;
  let warnedAt = 0;
  let queue: E[] = [];
  let head = 0;
  let stalled: { event: E; at: number } | undefined;
  let aborted = false;
  let flushedWaiters: Array<() => void> = [];

  /** Offers `event` from runner `start` on; returns the index of the runner that is full, or -1. */
  const offerFrom = (event: E, start: number): number => {
    for (let i = start; i < runners.length; i++) if (!runners[i]!.offer(event)) return i;
    return -1;
  };

  const stall = (event: E, at: number) => {
    stalled = { event, at };
    void runners[at]!.whenReady().then(resume);
  };

  const resume = () => {
    if (aborted || !stalled) return;
    const { event, at } = stalled;
    stalled = undefined;
    const blockedAt = offerFrom(event, at);
    if (blockedAt >= 0) return stall(event, blockedAt);
    while (head < queue.length) {
      const next = queue[head++]!;
      const at2 = offerFrom(next, 0);
      if (at2 >= 0) {
        compact();
        return stall(next, at2);
      }
    }
    queue = [];
    head = 0;
    warnedAt = 0;
    wakeFlushed();
  };

  const compact = () => {
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const wakeFlushed = () => {
    const waiters = flushedWaiters;
    flushedWaiters = [];
    for (const wake of waiters) wake();
  };

  return {
    push(event) {
      if (aborted) return;
      if (stalled) {
        queue.push(event);
        // The source cannot be paused, so a sink that blocks for long grows this backlog in memory.
        const waiting = queue.length - head;
        if (waiting >= warnedAt + warnEvery) {
          warnedAt = waiting - (waiting % warnEvery);
          options.onBacklog?.(waiting, runners[stalled.at]!.name);
        }
        return;
      }
      const at = offerFrom(event, 0);
      if (at >= 0) stall(event, at);
    },
    get waiting() {
      return (stalled ? 1 : 0) + queue.length - head;
    },
    whenFlushed() {
      if (!stalled) return Promise.resolve();
      return new Promise((resolve) => flushedWaiters.push(resolve));
    },
    abort(dead) {
      if (aborted) return;
      aborted = true;
      if (stalled) dead(stalled.event);
      for (let i = head; i < queue.length; i++) dead(queue[i]!);
      stalled = undefined;
      queue = [];
      head = 0;
      wakeFlushed();
    },
  };
}
