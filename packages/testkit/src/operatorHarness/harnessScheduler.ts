import { VirtualAction, type SchedulerAction, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';

/**
 * A virtual-time action whose reschedules stay one level deep. rxjs's `VirtualAction` makes each
 * reschedule of a timer (`this.schedule(...)` in a periodic task, `interval`, `timer(d, period)`)
 * a child of the action before it, so a timer that ticks every second through a 40-minute stream
 * becomes a chain 2,400 deep. Unsubscribing it then recurses once per tick, overflows the stack
 * partway, and leaves the rest of the chain ticking for ever: the run never ends and eats the heap.
 * The real scheduler reuses one action, so production has no chain; this one keeps only the
 * latest follow-up under the first action, which is what the operator holds and unsubscribes.
 */
class FlatVirtualAction<T> extends VirtualAction<T> {
  private first: FlatVirtualAction<T> | undefined;

  override schedule(state?: T, delay = 0): Subscription {
    if (!Number.isFinite(delay) || !this.id) return super.schedule(state, delay);
    const first = this.first ?? this;
    const next = new FlatVirtualAction<T>(this.scheduler, this.work as (this: SchedulerAction<T>, state?: T) => void);
    next.first = first;
    this.active = false;
    if (this !== first) first.remove(this);
    first.add(next);
    return next.schedule(state, delay);
  }
}

/** The `TestScheduler` a harness run drives, with timers that can tick any number of times. */
export function harnessScheduler(): TestScheduler {
  const scheduler = new TestScheduler(() => {});
  // `Scheduler` builds its actions with the class it was constructed with, a field rxjs declares private.
  (scheduler as unknown as { schedulerActionCtor: unknown }).schedulerActionCtor = FlatVirtualAction;
  return scheduler;
}
