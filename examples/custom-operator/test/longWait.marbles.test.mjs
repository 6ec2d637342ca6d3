// Marble tests: the operator in virtual time, fed notifications as Genesys sends them.
import { expectOperator, runOperator } from '@gcstream/testkit';
import { describe, expect, it } from 'vitest';
import longWait from '../index.mjs';
import { conversationId, queueId, queueNotification } from './notifications.mjs';

const entered = '2026-01-05T09:00:00.000Z';
const waiting = queueNotification({ enteredAt: entered, correlationId: 'n1' });
const flagged = { topicName: `gcstream.longWait.${queueId}`, eventBody: { conversationId, queueId, enteredAt: entered, afterMs: 60_000 } };

describe('longWait in virtual time', () => {
  it('a caller left waiting in a quiet queue is flagged once the idle clock passes the threshold', () => {
    // Event time stands still without notifications; idleTimeout moves it on with the clock,
    // 10 s at a time, so the flag comes at the first tick past 60 s: 70 s.
    expectOperator(longWait, { after: '60s', idleTimeout: '10s' }, { marbles: 'a', values: { a: waiting }, until: 120_000 }).toEmit('a 69999ms f', { a: { eventBody: { id: conversationId } }, f: flagged });
  });

  it('a visit answered within the threshold is never flagged; one answered after it is flagged when it leaves the queue', () => {
    const quick = queueNotification({ enteredAt: entered, leftAt: '2026-01-05T09:00:59.000Z', correlationId: 'n2' });
    const slow = queueNotification({ enteredAt: entered, leftAt: '2026-01-05T09:01:30.000Z', correlationId: 'n3' });
    expectOperator(longWait, { after: '60s' }, { marbles: 'a 59s b|', values: { a: waiting, b: quick } }).toEmit('a 59s b|', { a: {}, b: {} });
    expectOperator(longWait, { after: '60s' }, { marbles: 'a 89s b', values: { a: waiting, b: slow } }).toEmit('a 89s (bf)', { a: {}, b: {}, f: flagged });
  });

  it('flags a visit once, however many notifications show it waiting', () => {
    const later = (n) => queueNotification({ enteredAt: entered, correlationId: `later-${n}` });
    const run = runOperator(longWait, { after: '60s', idleTimeout: '5s' }, { marbles: 'a 30s b 30s c 30s d|', values: { a: waiting, b: later(1), c: later(2), d: later(3) } });
    expect(run.events.filter((e) => e.topicName.startsWith('gcstream.longWait'))).toHaveLength(1);
    expect(run.deadLetters).toEqual([]);
  });

  it('a notification that is not JSON becomes a dead letter of decode, and the stream goes on', () => {
    const run = runOperator(longWait, {}, { marbles: 'a-b|', values: { a: { frame: '{"topicName":' }, b: waiting } });
    expect(run.deadLetters.map((l) => l.stage)).toEqual(['decode']);
    expect(run.events).toHaveLength(1);
  });

  it('refuses options its schema refuses, with the option named', () => {
    expect(() => runOperator(longWait, { after: 'soon' }, { marbles: '|' })).toThrow(/after: "soon" is not a duration/);
  });
});
