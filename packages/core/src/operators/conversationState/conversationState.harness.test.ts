// The testkit's operator harness applied to conversationState on generated conversation lives.
import { describe, expect, it } from 'vitest';
import { assertBoundedState, assertIdempotent, assertNeverThrows, assertReorderInsensitive, builtinOperator } from '@gcstream/testkit';
import type { GenesysEvent } from '../../model/events.js';

const conversationState = builtinOperator('conversationState');
const finals = (e: GenesysEvent) => (e.topicName.endsWith('.final') ? e.eventBody : undefined);

describe('conversationState under the operator harness', () => {
  it('never throws on any valid notification', () => {
    expect(assertNeverThrows(conversationState, {}).streams).toBe(100);
  });

  it('is idempotent under duplicates: no snapshot and no final record changes', () => {
    expect(assertIdempotent(conversationState, {}).streams).toBe(100);
  });

  it('closes each conversation with the same final record when notifications overtake each other within maxOutOfOrderness', () => {
    expect(assertReorderInsensitive(conversationState, { maxOutOfOrderness: '20s' }, { boundMs: 10_000, project: finals }).streams).toBe(100);
  });

  it('holds only the live conversations over a long day', () => {
    const report = assertBoundedState(conversationState, {}, { probe: 'gcstream_conversations_open', bound: 12 });
    expect(report.events.longest).toBeGreaterThan(200);
  });
});
