import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/** Lets every promise continuation that is already queued run (microtasks drain before a macrotask). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * rxjs virtual time for code that mixes scheduler timers with promises (the sink engine): `advance`
 * runs each timer due in the window at its own virtual instant, and lets the promises it resolved
 * settle before the next one, the way real time would interleave them.
 */
export function virtualClock() {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  return {
    scheduler,
    now: () => scheduler.now(),
    /** Moves virtual time forward by `ms`; `advance(0)` runs what is due now and settles promises. */
    async advance(ms: number): Promise<void> {
      const target = scheduler.frame + ms;
      await settle();
      for (;;) {
        const next = scheduler.actions[0] as VirtualAction<unknown> | undefined;
        if (!next || next.delay > target) break;
        scheduler.maxFrames = next.delay;
        scheduler.flush();
        await settle();
      }
      scheduler.frame = target;
      scheduler.maxFrames = Infinity;
    },
  };
}
