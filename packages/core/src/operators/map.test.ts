import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { makeEvent } from '@gcstream/testkit';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { map, mapOperator } from './map.js';

const detail = makeEvent('d1', { family: 'detail', topicName: 'v2.detail.events.conversation.c1.acd.end', topic: 'v2.detail.events.conversation.{id}.acd.end', eventBody: { acdOutcome: 'ABANDON', connectedDurationMs: 4500, queueId: 'q1' } });
const other = makeEvent('o1', { eventBody: { x: 1 } });
const run = (xs: GenesysEvent[], options: Parameters<typeof map>[0]) => lastValueFrom(from(xs).pipe(map(options), toArray()));

describe('map', () => {
  it('sets fields from CEL expressions on a copy, and removes fields', async () => {
    const [out] = await run([detail], { set: { 'eventBody.waitSeconds': 'eventBody.connectedDurationMs / 1000.0', 'eventBody.outcome': 'eventBody.acdOutcome.lowerAscii()', 'eventBody.n': 'size(eventBody.queueId)', 'derived.queue': 'eventBody.queueId' }, remove: ['eventBody.queueId', 'metadata'] });
    expect(out!.eventBody).toEqual({ acdOutcome: 'ABANDON', connectedDurationMs: 4500, waitSeconds: 4.5, outcome: 'abandon', n: 2 });
    expect((out as unknown as { derived: unknown }).derived).toEqual({ queue: 'q1' });
    expect(out).not.toHaveProperty('metadata');
    expect(detail.eventBody).toEqual({ acdOutcome: 'ABANDON', connectedDurationMs: 4500, queueId: 'q1' });
  });

  it('maps only the events that match; others pass unchanged', async () => {
    const out = await run([detail, other], { family: 'detail', set: { 'eventBody.flag': 'true' } });
    expect(out[0]!.eventBody).toMatchObject({ flag: true });
    expect(out[1]).toBe(other);
  });

  it('leaves a field unset when its expression reads a missing field', async () => {
    const [out] = await run([other], { set: { 'eventBody.y': 'eventBody.missing * 2.0' } });
    expect(out!.eventBody).toEqual({ x: 1 });
  });

  it('is the identity with nothing to do, and refuses paths into prototypes', () => {
    expect(map({ family: 'detail' })).toBe(map({}));
    expect(() => map({ set: { '__proto__.polluted': 'true' } })).toThrow('is not a field path');
  });

  it('refuses a config whose expression does not parse, naming the field and the column', () => {
    const result = mapOperator.configSchema.safeParse({ set: { 'eventBody.waitSeconds': 'eventBody.waitMs / ' } });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['set.eventBody.waitSeconds', 'not a valid CEL expression: unexpected token "EOF" at column 20; write an expression over the event, e.g. eventBody.waitMs / 1000.0'],
    ]);
    expect(mapOperator.configSchema.safeParse({ set: { 'eventBody["wait"]': 'eventBody.waitMs' }, remove: ['metadata.'] }).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['set.eventBody["wait"]', '"eventBody[\"wait\"]" is not a field path: write names and indexes joined by dots, like eventBody.wait'],
      ['remove.0', '"metadata." is not a field path: write names and indexes joined by dots, like metadata'],
    ]);
  });

  it('dead-letters an event an expression fails on', async () => {
    const letters: DeadLetter[] = [];
    expect(await run([detail], { set: { 'eventBody.bad': 'eventBody.acdOutcome * 2' }, onDeadLetter: (l) => letters.push(l) })).toEqual([]);
    expect(letters[0]).toMatchObject({ stage: 'operator:map' });
    await expect(run([detail], { set: { 'eventBody.bad': 'eventBody.acdOutcome * 2' } })).rejects.toThrow('[operator:map]');
  });

  it('passes completion and errors through, in virtual time', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const mapped = cold('-a-#', { a: other }).pipe(map({ set: { 'eventBody.x': '2' } }));
      expectObservable(mapped).toBe('-a-#', { a: { ...other, eventBody: { x: 2 } } });
    });
  });
});
