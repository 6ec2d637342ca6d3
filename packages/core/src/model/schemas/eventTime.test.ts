import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MEDIA_LISTS, MEDIA_TIME_FIELDS, MESSAGE_TIME_FIELDS, PARTICIPANT_TIME_FIELDS } from '../conversation.js';
import { canonicalIsoMs, checkedConversationEventTime, conversationEventTime, observationEventTime, toEpochMs } from './eventTime.js';

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

  it('reads exactly the timestamps model/conversation.ts names, on participants and every media list', () => {
    // Any field name, known or not, may carry a time; only the named ones may count.
    const names = [...new Set([...PARTICIPANT_TIME_FIELDS, ...MEDIA_TIME_FIELDS, ...MESSAGE_TIME_FIELDS, 'startTime', 'modifiedDate', 'eventTime'])];
    const time = fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString());
    const fields = fc.dictionary(fc.constantFrom(...names), time, { maxKeys: names.length });
    // A media session may list messages (only those of a `messages` session count), each with any of the names.
    const session = fc.tuple(fields, fc.option(fc.array(fields, { maxLength: 3 }), { nil: undefined })).map(([own, messages]) => (messages ? { ...own, messages } : own));
    const participant = fc.tuple(fields, fc.dictionary(fc.constantFrom(...MEDIA_LISTS, 'faxes'), fc.array(session, { maxLength: 3 }))).map(([own, lists]) => ({ id: 'p', ...own, ...lists }));
    fc.assert(
      fc.property(fc.array(participant, { maxLength: 4 }), (participants) => {
        const named: string[] = [];
        for (const p of participants as Record<string, unknown>[]) {
          for (const f of PARTICIPANT_TIME_FIELDS) if (typeof p[f] === 'string') named.push(p[f] as string);
          for (const list of MEDIA_LISTS) {
            for (const item of (p[list] ?? []) as Record<string, unknown>[]) {
              for (const f of MEDIA_TIME_FIELDS) if (typeof item[f] === 'string') named.push(item[f] as string);
              if (list !== 'messages') continue;
              for (const m of (item.messages ?? []) as Record<string, unknown>[]) for (const f of MESSAGE_TIME_FIELDS) if (typeof m[f] === 'string') named.push(m[f] as string);
            }
          }
        }
        const expected = named.length ? Math.max(...named.map((t) => Date.parse(t))) : undefined;
        expect(conversationEventTime({ participants })).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('moves to the time of a message just sent, which changes no other time', () => {
    const session = (...times: string[]) => ({ id: 'm1', state: 'connected', connectedTime: '2026-06-01T09:00:00.000Z', messages: times.map((messageTime, i) => ({ messageId: String(i), messageTime, messageStatus: 'sent' })) });
    const body = (...times: string[]) => ({ id: 'c', participants: [{ id: 'a', purpose: 'agent', connectedTime: '2026-06-01T09:00:00.000Z', messages: [session(...times)] }] });
    expect(conversationEventTime(body())).toBe(Date.parse('2026-06-01T09:00:00.000Z'));
    expect(conversationEventTime(body('2026-06-01T09:00:30.000Z', '2026-06-01T09:01:05.250Z'))).toBe(Date.parse('2026-06-01T09:01:05.250Z'));
    // The guard decode uses reads the same.
    expect(checkedConversationEventTime(body('2026-06-01T09:00:30.000Z', '2026-06-01T09:01:05.250Z'))).toBe(Date.parse('2026-06-01T09:01:05.250Z'));
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

describe('canonicalIsoMs', () => {
  it('agrees with Date.parse on the ISO text of any instant, years 0 to 9999 and beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('-000100-01-01T00:00:00.000Z'), max: Date.parse('+010100-01-01T00:00:00.000Z') }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(canonicalIsoMs(text, 0)).toBe(Date.parse(text));
        expect(canonicalIsoMs(`x/${text}`, 2)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on 24 characters that only look canonical (rolled-over days, hour 24, bad digits)', () => {
    const digit = fc.constantFrom(...'0123456789x ');
    const field = fc.tuple(digit, digit).map(([a, b]) => a + b);
    fc.assert(
      fc.property(field, field, field, field, field, field, field, field, digit, (c, y, mo, d, h, mi, s, ms1, ms2) => {
        const text = `${c}${y}-${mo}-${d}T${h}:${mi}:${s}.${ms1}${ms2}Z`;
        expect(Number.isNaN(canonicalIsoMs(text, 0)) ? NaN : canonicalIsoMs(text, 0)).toBe(Date.parse(text));
      }),
      { numRuns: 3000 },
    );
    for (const text of ['2026-02-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01T23:60:00.000Z', '0000-01-01T00:00:00.000Z', '2024-02-29T12:00:00.000Z']) {
      expect(canonicalIsoMs(text, 0)).toBe(Date.parse(text));
    }
  });
});
