// The testkit's operator harness applied to conversationState on generated conversation lives.
import { describe, expect, it } from 'vitest';
import { assertBoundedState, assertIdempotent, assertNeverThrows, assertReorderInsensitive, builtinOperator } from '@gcstream/testkit';
import type { GenesysEvent } from '../../model/events.js';
import type { ConversationRecord } from './types.js';

const conversationState = builtinOperator('conversationState');
/**
 * Talk and hold compared as their sum: Genesys sends no time when a hold ends, so a hold ends at
 * the receipt of the notification that shows the call taken off hold, and a delay in flight moves
 * time from one to the other (talk is the connected time less the hold), never their sum.
 */
const talkAndHeld = <T extends { readonly tTalk?: number; readonly tHeld?: number }>({ tTalk, tHeld, ...rest }: T) => ({ ...rest, talkAndHeld: tTalk === undefined && tHeld === undefined ? undefined : (tTalk ?? 0) + (tHeld ?? 0) });
const finals = (e: GenesysEvent) => {
  if (!e.topicName.endsWith('.final')) return undefined;
  const r = e.eventBody as ConversationRecord;
  return { ...r, visits: r.visits.map(talkAndHeld), handles: r.handles.map(talkAndHeld) };
};

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
