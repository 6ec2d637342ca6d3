import { describe, expect, it } from 'vitest';
import { createFanOut } from './fanOut.js';
import type { SinkRunner } from './sinkRunner.js';

/** A runner stand-in: takes up to `room` events, then refuses until `free()` is called. */
function fakeRunner(name: string, room: number) {
  const taken: number[] = [];
  let wake: (() => void) | undefined;
  const runner = {
    name,
    offer(event: number) {
      if (taken.length >= room) return false;
      taken.push(event);
      return true;
    },
    whenReady: () => new Promise<void>((resolve) => (wake = resolve)),
  } as unknown as SinkRunner<number>;
  return {
    runner,
    taken,
    free(more: number) {
      room += more;
      wake?.();
    },
  };
}

describe('fan-out', () => {
  it('gives every event to every sink in order, holding all of them behind a full blocking sink', async () => {
    const a = fakeRunner('a', 100);
    const b = fakeRunner('b', 2);
    const fanOut = createFanOut([a.runner, b.runner]);
    for (let n = 1; n <= 5; n++) fanOut.push(n);
    // 3 reached a (a comes first), then b refused it: everything after waits.
    expect(a.taken).toEqual([1, 2, 3]);
    expect(b.taken).toEqual([1, 2]);
    expect(fanOut.waiting).toBe(3);
    b.free(10);
    await fanOut.whenFlushed();
    expect(a.taken).toEqual([1, 2, 3, 4, 5]);
    expect(b.taken).toEqual([1, 2, 3, 4, 5]);
  });

  it('warns as the backlog behind a blocked sink grows', () => {
    const b = fakeRunner('slow', 0);
    const warnings: Array<[number, string]> = [];
    const fanOut = createFanOut([b.runner], { warnEvery: 3, onBacklog: (waiting, sink) => warnings.push([waiting, sink]) });
    for (let n = 1; n <= 8; n++) fanOut.push(n);
    expect(warnings).toEqual([
      [3, 'slow'],
      [6, 'slow'],
    ]);
  });

  it('abort hands over what waits', () => {
    const b = fakeRunner('slow', 0);
    const fanOut = createFanOut([b.runner]);
    for (let n = 1; n <= 3; n++) fanOut.push(n);
    const dead: number[] = [];
    fanOut.abort((event) => dead.push(event));
    expect(dead).toEqual([1, 2, 3]);
    expect(fanOut.waiting).toBe(0);
  });
});
