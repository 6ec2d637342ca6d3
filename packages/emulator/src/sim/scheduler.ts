import type { Clock } from '../clock.js';

/**
 * The discrete-event scheduler that drives the simulation in simulated time. Future events wait in
 * a binary heap ordered by (time, insertion order); one clock timer is armed for the earliest, and
 * when it fires every event that is due runs in order with `now` set to its own scheduled time.
 * The notification sequence therefore depends only on the seed, never on timer jitter, and a fast
 * clock (speed 3600) cannot make the simulation fall behind: late timers just release more events.
 */
export interface Scheduler {
  /** The simulated time of the event being processed (or of the last one). */
  readonly now: number;
  /** Runs `fn` at simulated time `now + delayMs` (rounded to whole ms). Returns a cancel function. */
  after(delayMs: number, fn: () => void): () => void;
  /**
   * Runs every event due up to `time` at once, whatever the clock says, and leaves `now` at `time`:
   * the warm start plays the history before the clock's start this way, in well under a second.
   */
  runUntil(time: number): void;
  start(): void;
  stop(): void;
  /** Events waiting (cancelled ones included until they are popped). */
  readonly size: number;
}

interface SimEvent {
  readonly time: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** Bound on events run per timer callback, so a huge backlog never blocks the event loop for long. */
const MAX_EVENTS_PER_TICK = 20_000;

export function createScheduler(clock: Clock, startTime: number): Scheduler {
  const heap: SimEvent[] = [];
  let now = startTime;
  let seq = 0;
  let running = false;
  let firing = false;
  let armedFor: number | undefined;
  let cancelTimer: (() => void) | undefined;

  const before = (a: SimEvent, b: SimEvent) => a.time < b.time || (a.time === b.time && a.seq < b.seq);
  const push = (event: SimEvent) => {
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): SimEvent | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const disarm = () => {
    cancelTimer?.();
    cancelTimer = undefined;
    armedFor = undefined;
  };
  const arm = () => {
    while (heap.length > 0 && heap[0]!.cancelled) pop();
    const first = heap[0];
    if (!running || !first) return disarm();
    if (armedFor === first.time && cancelTimer) return;
    disarm();
    armedFor = first.time;
    cancelTimer = clock.setTimeout(fire, Math.max(0, first.time - clock.now()));
  };
  const fire = () => {
    cancelTimer = undefined;
    armedFor = undefined;
    const limit = clock.now();
    let ran = 0;
    firing = true;
    try {
      while (running && heap.length > 0 && heap[0]!.time <= limit && ran < MAX_EVENTS_PER_TICK) {
        const event = pop()!;
        if (event.cancelled) continue;
        now = event.time;
        ran++;
        event.fn();
      }
    } finally {
      firing = false;
      arm();
    }
  };

  return {
    get now() {
      return now;
    },
    get size() {
      return heap.length;
    },
    after(delayMs, fn) {
      const event: SimEvent = { time: now + Math.max(0, Math.round(delayMs)), seq: seq++, fn, cancelled: false };
      push(event);
      if (running && !firing && (armedFor === undefined || event.time < armedFor)) arm();
      return () => {
        event.cancelled = true;
      };
    },
    runUntil(time) {
      firing = true;
      try {
        while (heap.length > 0 && heap[0]!.time <= time) {
          const event = pop()!;
          if (event.cancelled) continue;
          now = event.time;
          event.fn();
        }
      } finally {
        firing = false;
      }
      now = Math.max(now, time);
      if (running) arm();
    },
    start() {
      if (running) return;
      running = true;
      arm();
    },
    stop() {
      running = false;
      disarm();
    },
  };
}
