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
