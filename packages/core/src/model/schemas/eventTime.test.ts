import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conversationEventTime, observationEventTime, toEpochMs } from './eventTime.js';

describe('conversationEventTime', () => {
  it('takes the latest time across participants and media, mixing text forms and offsets', () => {
    const body = {
      participants: [
        { id: 'a', connectedTime: '2025-06-01T11:00:00.000Z', calls: [{ disconnectedTime: '2025-06-01T12:30:00Z' }] },
        { id: 'b', endTime: '2025-06-01T12:10:00.000Z', chats: [{ connectedTime: '2025-06-01T14:20:00.000+02:00' }] },
        { id: 'c', startAcwTime: 'not a time', messages: [] },
      ],
    };
    expect(conversationEventTime(body)).toBe(Date.parse('2025-06-01T12:30:00Z'));
  });

  it('agrees with parsing every timestamp, for any set of times', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4e12 }), fc.boolean()), { minLength: 1, maxLength: 12 }), (times) => {
        const text = times.map(([ms, canonical]) => (canonical ? new Date(ms).toISOString() : new Date(ms).toISOString().replace('.000Z', 'Z')));
        const body = { participants: text.map((t, i) => ({ id: String(i), calls: [{ connectedTime: t }] })) };
        expect(conversationEventTime(body)).toBe(Math.max(...text.map((t) => Date.parse(t))));
      }),
    );
  });

  it('is undefined when the snapshot has no timestamp', () => {
    expect(conversationEventTime({ participants: [{ id: 'a', calls: [{ state: 'alerting' }] }] })).toBeUndefined();
  });
});

describe('observationEventTime and toEpochMs', () => {
  it('uses the latest interval end, capped at receipt', () => {
    const body = { data: [{ interval: '2025-06-01T11:00:00.000Z/2025-06-01T11:30:00.000Z' }, { interval: '2025-06-01T11:30:00.000Z/2025-06-01T12:00:00.000Z' }] };
    expect(observationEventTime(body, Date.parse('2025-06-01T13:00:00Z'))).toBe(Date.parse('2025-06-01T12:00:00Z'));
    expect(observationEventTime({ data: [{ interval: 'garbage' }] }, 5)).toBeUndefined();
  });

  it('reads numbers and ISO text, refuses the rest', () => {
    expect(toEpochMs(5)).toBe(5);
    expect(toEpochMs(Infinity)).toBeUndefined();
    expect(toEpochMs('2025-01-01T00:00:00Z')).toBe(Date.UTC(2025, 0, 1));
    expect(toEpochMs('soon')).toBeUndefined();
    expect(toEpochMs(null)).toBeUndefined();
  });
});
