import { sampleEvents } from '@gcstream/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileOptionsSchema } from './options.js';
import { compilePathTemplate, confine, pathTemplateProblem, safeSegment, templateSegments } from './pathTemplate.js';

const event = sampleEvents(1)[0]!;

describe('path templates', () => {
  it('fills {date}, {hour}, {family} and {topic} from the event (UTC receive time)', () => {
    const template = compilePathTemplate('out/{date}/{hour}/{family}/{topic}.ndjson');
    const e = { ...event, receivedAt: Date.UTC(2026, 0, 2, 3, 4, 5), family: 'presence' as const, topic: 'v2.users.{id}.presence' };
    expect(template.render(e)).toBe('out/2026-01-02/03/presence/v2.users._id_.presence.ndjson');
    expect(template.group(e)).toBe('out/{date}/{hour}/presence/v2.users._id_.presence.ndjson');
    expect(template.constant).toBe(false);
    expect(compilePathTemplate('all.ndjson').constant).toBe(true);
  });

  it('renders each path once per hour and moves on when the day or the hour turns, per family', () => {
    const byDay = compilePathTemplate('{date}/{family}.ndjson');
    const byHour = compilePathTemplate('{date}/{hour}-{family}.ndjson');
    const at = (receivedAt: number, family: typeof event.family) => ({ ...event, receivedAt, family });
    const beforeMidnight = Date.UTC(2026, 2, 4, 23, 59, 59, 999);
    const midnight = Date.UTC(2026, 2, 5);
    // Interleaved as a batch that spans midnight brings them: the same families on both sides.
    const events = [at(beforeMidnight, 'presence'), at(beforeMidnight, 'conversation'), at(midnight, 'presence'), at(midnight, 'conversation'), at(beforeMidnight, 'presence')];
    expect(events.map((e) => byDay.render(e))).toEqual(['2026-03-04/presence.ndjson', '2026-03-04/conversation.ndjson', '2026-03-05/presence.ndjson', '2026-03-05/conversation.ndjson', '2026-03-04/presence.ndjson']);
    const nine = Date.UTC(2026, 2, 4, 9, 59, 59, 999);
    const ten = Date.UTC(2026, 2, 4, 10);
    expect([at(nine, 'presence'), at(ten, 'presence'), at(ten, 'activity'), at(nine, 'activity')].map((e) => byHour.render(e))).toEqual([
      '2026-03-04/09-presence.ndjson',
      '2026-03-04/10-presence.ndjson',
      '2026-03-04/10-activity.ndjson',
      '2026-03-04/09-activity.ndjson',
    ]);
  });

  it('a template that has rendered before renders what a fresh one renders, for any events in any order', () => {
    // Short values from a few characters, separators among them, so that values joined into one
    // key would collide: a cache keyed that way renders a path of another event.
    const value = fc.string({ unit: fc.constantFrom('a', '_', '-', '|', '/', '.', '\n'), maxLength: 3 });
    const fields = fc.record({
      family: value,
      topic: value,
      id: fc.option(value, { nil: undefined }),
      receivedAt: fc.integer({ min: Date.UTC(2026, 2, 4, 22), max: Date.UTC(2026, 2, 5, 2) }),
    });
    // And always these: `a` + `|a` and `a|` + `a` are one key when joined with `|` (likewise `_`, `\n`, ...).
    const joined = ['', '_', '|', '\n', '/', '-', '.'].flatMap((sep) => [
      { family: 'a', topic: `${sep}a`, id: 'a', receivedAt: Date.UTC(2026, 2, 4, 23) },
      { family: `a${sep}`, topic: 'a', id: 'a', receivedAt: Date.UTC(2026, 2, 4, 23) },
    ]);
    for (const template of ['{family}-{topic}/{id}.ndjson', '{date}/{hour}/{family}{topic}.ndjson', 'gcstream-{date}.ndjson', '{id}-{family}-{family}.ndjson']) {
      fc.assert(
        fc.property(fc.array(fields, { maxLength: 40 }), (list) => {
          const kept = compilePathTemplate(template);
          for (const f of list) {
            const e = { ...event, family: f.family as typeof event.family, topic: f.topic, ids: f.id === undefined ? [] : [f.id], receivedAt: f.receivedAt };
            expect(kept.render(e)).toBe(compilePathTemplate(template).render(e));
          }
        }),
        { examples: [[joined]] },
      );
    }
  });

  it('rejects paths that leave dir, absolute paths and unknown placeholders, saying what to do', () => {
    expect(pathTemplateProblem('../up.ndjson')).toMatch(/escapes dir through "\.\."/);
    expect(pathTemplateProblem('a/../../up.ndjson')).toMatch(/escapes dir/);
    expect(pathTemplateProblem('/etc/passwd')).toMatch(/is absolute; it must be relative to dir/);
    expect(pathTemplateProblem('{queue}.ndjson')).toMatch(/uses \{queue\}; the placeholders are \{date\}, \{hour\}, \{family\}, \{topic\}, \{id\}/);
    expect(pathTemplateProblem('logs/')).toMatch(/names a folder/);
    expect(pathTemplateProblem('')).toMatch(/empty/);
    expect(pathTemplateProblem('logs/{date}/{family}-{topic}.ndjson')).toBeUndefined();
    const parsed = fileOptionsSchema.safeParse({ path: '../../etc/{date}.ndjson' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/path "..\/..\/etc\/\{date\}.ndjson" escapes dir/);
  });

  it('matches the names a template renders, level by level, and nothing else', () => {
    const template = 'logs.{date}/{hour}-{family}+{topic}.ndjson';
    const rendered = compilePathTemplate(template).render({ ...event, receivedAt: Date.UTC(2026, 0, 2, 3), family: 'presence', topic: 'v2.users.{id}.presence' });
    const segments = templateSegments(template);
    expect(rendered.split('/').every((name, i) => segments[i]!.test(name))).toBe(true);
    expect(segments[0]!.test('logsX2026-01-02')).toBe(false);
    expect(segments[1]!.test('03-presence+v2.ndjson.gz')).toBe(false);
    expect(segments[1]!.test('3-presence+v2.ndjson')).toBe(false);
  });

  it('a topic or family can never climb out of dir or add folders, whatever it contains', () => {
    const template = compilePathTemplate('{family}/{topic}.ndjson');
    fc.assert(
      fc.property(fc.string(), fc.string(), (topic, family) => {
        const rendered = template.render({ ...event, topic, family: family as typeof event.family });
        expect(rendered.split('/')).toHaveLength(2);
        expect(confine('/data/out', rendered)).toMatch(/^\/data\/out\/[^/]+\/[^/]+$/);
      }),
    );
    expect(safeSegment('..')).toBe('__');
    expect(safeSegment('../../etc')).toBe('.._.._etc');
    expect(safeSegment('a/b')).toBe('a_b');
    expect(confine('/data/out', '../x')).toBeUndefined();
  });
});
