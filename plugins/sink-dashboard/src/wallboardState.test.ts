import { createDirectory } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { metricsEvent } from '../test/_metricsEvents.js';
import { WallboardState } from './wallboardState.js';

const HALF_HOUR = 1_800_000;
const T0 = Date.UTC(2026, 5, 1, 9, 30);

describe('WallboardState', () => {
  it('folds interval and today records of a queue and media type into one tile, named from the directory', () => {
    const directory = createDirectory();
    directory.addQueues([{ id: 'q1', name: 'Sales' }]);
    const state = new WallboardState(directory, () => 5);
    const changed = state.apply([metricsEvent({ queueId: 'q1', nOffered: 4 }), metricsEvent({ queueId: 'q1', period: 'today', nOffered: 40 })]);
    expect(changed).toEqual(['q1|voice']);
    const tile = state.view('q1|voice')!;
    expect(tile).toMatchObject({ queueName: 'Sales', mediaType: 'voice', interval: { nOffered: 4, start: T0 }, today: { nOffered: 40 }, live: { waiting: 2, seenAt: 5 } });
  });

  it('falls back to the queue id without a name, and keeps media types apart', () => {
    const state = new WallboardState(undefined);
    state.apply([metricsEvent({ queueId: 'q2', mediaType: 'chat' }), metricsEvent({ queueId: 'q2', mediaType: 'voice' })]);
    expect(state.snapshot().map((t) => [t.id, t.queueName])).toEqual([
      ['q2|chat', 'q2'],
      ['q2|voice', 'q2'],
    ]);
  });

  it('never lets an older interval re-emitted by a late record replace the current one', () => {
    const state = new WallboardState(undefined);
    state.apply([metricsEvent({ queueId: 'q1', start: T0, nOffered: 3, asOf: T0 + 10_000 })]);
    state.apply([metricsEvent({ queueId: 'q1', start: T0 - HALF_HOUR, nOffered: 99, waiting: 7, asOf: T0 + 20_000 })]);
    const tile = state.view('q1|voice')!;
    expect(tile.interval).toMatchObject({ start: T0, nOffered: 3 });
    // Its live numbers are the newest all the same.
    expect(tile.live.waiting).toBe(7);
    state.apply([metricsEvent({ queueId: 'q1', start: T0 + HALF_HOUR, nOffered: 1, asOf: T0 + HALF_HOUR })]);
    expect(state.view('q1|voice')!.interval).toMatchObject({ start: T0 + HALF_HOUR, nOffered: 1 });
  });

  it('ages live numbers from when their event time was first seen: a re-emission as of the same moment does not restart the longest wait', () => {
    let now = 1_000_000;
    const state = new WallboardState(undefined, () => now);
    state.apply([metricsEvent({ queueId: 'q1', longestWaitMs: 15_000, asOf: T0 })]);
    // 30 s later, with no newer event time (a quiet queue), a late record re-emits the queue as of the same moment.
    now += 30_000;
    state.apply([metricsEvent({ queueId: 'q1', start: T0 - HALF_HOUR, longestWaitMs: 15_000, asOf: T0 })]);
    expect(state.view('q1|voice')!.live.seenAt).toBe(1_000_000);
    // Event time 1 s on, seen 30 s later: those numbers are as of 1 s after the first.
    now += 30_000;
    state.apply([metricsEvent({ queueId: 'q1', longestWaitMs: 16_000, asOf: T0 + 1_000 })]);
    expect(state.view('q1|voice')!.live.seenAt).toBe(1_001_000);
    // Event time that runs ahead of the wallboard's clock is taken as seen now, never later.
    state.apply([metricsEvent({ queueId: 'q1', longestWaitMs: 600_000, asOf: T0 + 600_000 })]);
    expect(state.view('q1|voice')!.live.seenAt).toBe(now);
  });

  it('ignores events that are not queue metrics, and malformed metrics records', () => {
    const state = new WallboardState(undefined);
    const broken = metricsEvent({ queueId: 'q3' });
    const other = { ...metricsEvent({ queueId: 'q4' }), topicName: 'v2.routing.queues.q4.conversations' };
    const missingLive = { ...broken, eventBody: { ...(broken.eventBody as object), live: undefined } };
    expect(state.apply([other, missingLive])).toEqual([]);
    expect(state.size).toBe(0);
  });

  it('sorts the snapshot by queue name, then media type', () => {
    const directory = createDirectory();
    directory.addQueues([
      { id: 'a', name: 'Support' },
      { id: 'b', name: 'Billing' },
    ]);
    const state = new WallboardState(directory);
    state.apply([metricsEvent({ queueId: 'a' }), metricsEvent({ queueId: 'b', mediaType: 'voice' }), metricsEvent({ queueId: 'b', mediaType: 'chat' })]);
    expect(state.snapshot().map((t) => t.id)).toEqual(['b|chat', 'b|voice', 'a|voice']);
  });
});
