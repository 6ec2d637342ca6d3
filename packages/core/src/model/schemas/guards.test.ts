import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbGenesysEnvelope } from '@gcstream/testkit';
import type { EventFamily } from '../events.js';
import { classifyTopic } from '../topics.js';
import { familyBodySchemas } from './families.js';
import { bodyEventTime } from './eventTime.js';
import { checkedBodyEventTime, fitsFamilyFast } from './guards.js';

const FAMILIES = Object.keys(familyBodySchemas) as EventFamily[];

/** Replaces one value somewhere in a JSON tree, to probe the guards with near-valid bodies. */
function mutateAt(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0]! % entries.length]!;
  const copy: Record<string | number, unknown> = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = mutateAt(child, path.slice(1), replacement);
  return copy;
}

const arbReplacement = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(Infinity));

describe('family guards', () => {
  it('accept every valid body the arbitraries make (the fast path is really taken)', () => {
    fc.assert(
      fc.property(arbGenesysEnvelope(), (env) => {
        const { family } = classifyTopic(env.topicName);
        expect(fitsFamilyFast(family, env.eventBody)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('are never more lenient than the zod schemas, on mutated bodies', () => {
    fc.assert(
      fc.property(arbGenesysEnvelope(), fc.array(fc.nat(), { maxLength: 6 }), arbReplacement, fc.constantFrom(...FAMILIES), (env, path, replacement, family) => {
        const body = mutateAt(env.eventBody, path, replacement);
        if (fitsFamilyFast(family, body)) expect(familyBodySchemas[family]!.safeParse(body).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('are never more lenient than the zod schemas, on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...FAMILIES), (body, family) => {
        if (fitsFamilyFast(family, body)) expect(familyBodySchemas[family]!.safeParse(body).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('check and time a body in one walk: the same verdict as the guard, the same time as bodyEventTime', () => {
    fc.assert(
      fc.property(arbGenesysEnvelope(), fc.array(fc.nat(), { maxLength: 6 }), arbReplacement, fc.boolean(), (env, path, replacement, mutate) => {
        const { family } = classifyTopic(env.topicName);
        const body = mutate ? mutateAt(env.eventBody, path, replacement) : env.eventBody;
        const time = checkedBodyEventTime(family, body, 1_700_000_000_000);
        expect(time !== null).toBe(fitsFamilyFast(family, body));
        if (time !== null) expect(time).toBe(bodyEventTime(family, body, 1_700_000_000_000));
      }),
      { numRuns: 1000 },
    );
  });

  it('have no fast path for families without a schema', () => {
    expect(fitsFamilyFast('unknown', {})).toBe(false);
    expect(fitsFamilyFast('system', {})).toBe(false);
  });
});
