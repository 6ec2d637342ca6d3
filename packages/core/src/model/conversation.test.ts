import { describe, expect, it } from 'vitest';
import { MEDIA_LISTS, awaitingWrapup, conversationEnded, inAfterCallWork, isAgentPurpose, isCustomerPurpose, isEndedMediaState, mediaListOf, mediaSessions, participantEnded } from './conversation.js';

describe('conversation model', () => {
  it('maps analytics media types to snapshot lists, voice when unknown', () => {
    expect(mediaListOf('VOICE')).toBe('calls');
    expect(mediaListOf('message')).toBe('messages');
    expect(mediaListOf('callback')).toBe('callbacks');
    expect(mediaListOf(undefined)).toBe('calls');
    expect(mediaListOf('cobrowse')).toBe('calls');
    expect(new Set(MEDIA_LISTS)).toEqual(new Set(['calls', 'callbacks', 'chats', 'emails', 'messages', 'videos']));
  });

  it('tells agents and customers by purpose, and ended media states, whatever the string object', () => {
    // Built at run time, so they are not the same string objects as the literals compared with.
    const built = (text: string) => [...text].join('');
    for (const purpose of ['agent', 'user']) expect(isAgentPurpose(built(purpose))).toBe(true);
    for (const purpose of ['customer', 'external']) expect(isCustomerPurpose(built(purpose))).toBe(true);
    for (const purpose of ['acd', 'ivr', 'Agent', '', undefined]) expect([isAgentPurpose(purpose), isCustomerPurpose(purpose)]).toEqual([false, false]);
    expect([isEndedMediaState(built('disconnected')), isEndedMediaState(built('terminated'))]).toEqual([true, true]);
    for (const state of ['alerting', 'Disconnected', undefined, null, 9]) expect(isEndedMediaState(state)).toBe(false);
  });

  it('reads every session across lists, skipping what is not a session', () => {
    expect(mediaSessions({ calls: [{ id: 'a' }, null], chats: 'no', emails: [{ id: 'b' }] })).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('ends a participant by end time or by all its sessions ending, never with no sessions', () => {
    expect(isEndedMediaState('terminated')).toBe(true);
    expect(isEndedMediaState('connected')).toBe(false);
    expect(participantEnded({})).toBe(false);
    expect(participantEnded({ endTime: '2025-06-01T12:00:00.000Z', calls: [{ state: 'connected' }] })).toBe(true);
    expect(participantEnded({ calls: [{ state: 'disconnected' }], chats: [{ state: 'terminated' }] })).toBe(true);
    expect(participantEnded({ calls: [{ state: 'disconnected' }], chats: [{ state: 'connected' }] })).toBe(false);
  });

  it('ends a conversation only when it has participants and all have left', () => {
    expect(conversationEnded({})).toBe(false);
    expect(conversationEnded({ participants: [{ endTime: 'x' }, { calls: [{ state: 'disconnected' }] }] })).toBe(true);
    expect(conversationEnded({ participants: [{ endTime: 'x' }, { calls: [{ state: 'alerting' }] }] })).toBe(false);
  });

  it('does not end a conversation while an agent owes after-call work: the wrap-up comes in a later snapshot', () => {
    const customer = { purpose: 'customer', endTime: 'x', calls: [{ state: 'disconnected' }] };
    const wrapping = { purpose: 'agent', wrapupExpected: true, startAcwTime: 'x', calls: [{ state: 'disconnected', afterCallWork: { state: 'pending' } }] };
    const done = { ...wrapping, wrapupExpected: false, endAcwTime: 'y', wrapup: { code: 'sale' }, calls: [{ state: 'disconnected', afterCallWork: { state: 'complete' } }] };
    expect(awaitingWrapup(wrapping)).toBe(true);
    expect(awaitingWrapup({ calls: [{ state: 'disconnected', afterCallWork: { state: 'pending' } }] })).toBe(true);
    expect(awaitingWrapup(done)).toBe(false);
    expect(awaitingWrapup(customer)).toBe(false);
    expect(conversationEnded({ participants: [customer, wrapping] })).toBe(false);
    expect(conversationEnded({ participants: [customer, done] })).toBe(true);
  });

  it('tells after-call work from a finished wrap-up', () => {
    expect(inAfterCallWork({ startAcwTime: '2025-06-01T12:00:00.000Z' })).toBe(true);
    expect(inAfterCallWork({ startAcwTime: '2025-06-01T12:00:00.000Z', endAcwTime: '2025-06-01T12:01:00.000Z' })).toBe(false);
    expect(inAfterCallWork({ startAcwTime: '2025-06-01T12:00:00.000Z', wrapup: { code: 'sale' } })).toBe(false);
    expect(inAfterCallWork({})).toBe(false);
  });
});
