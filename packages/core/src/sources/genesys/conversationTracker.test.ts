import { describe, expect, it } from 'vitest';
import { ConversationTracker } from './conversationTracker.js';

describe('ConversationTracker', () => {
  it('ignores a late in-progress state of a conversation it saw end', () => {
    const tracker = new ConversationTracker(() => 0);
    tracker.observe('c1', 'q1', false);
    tracker.observe('c1', 'q1', true);
    tracker.observe('c1', 'q1', false);
    expect(tracker.isOpen('c1')).toBe(false);
    expect(tracker.hasEnded('c1')).toBe(true);
  });

  it('forgets ended conversations once they are older than endedFor on the server clock', () => {
    let now = 1_000_000;
    const tracker = new ConversationTracker(() => now, 100_000, 60_000);
    tracker.observe('old', 'q1', true);
    now += 30_000;
    tracker.observe('recent', 'q1', true);
    now += 40_000; // 'old' ended 70 s ago, 'recent' 40 s ago
    tracker.observe('newest', 'q1', true);
    expect(tracker.hasEnded('old')).toBe(false);
    expect(tracker.hasEnded('recent')).toBe(true);
    expect(tracker.hasEnded('newest')).toBe(true);
    // A late state of the forgotten one opens it again, for the next backfill to settle.
    tracker.observe('old', 'q1', false);
    expect(tracker.isOpen('old')).toBe(true);
  });

  it('keeps at most maxTracked ended conversations however fast they end', () => {
    const tracker = new ConversationTracker(() => 0, 3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) tracker.observe(id, 'q1', true);
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => tracker.hasEnded(id))).toEqual(['c', 'd', 'e']);
  });
});
