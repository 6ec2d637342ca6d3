import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGcsError } from '../errors/errors.js';
import { defineOperator } from '../operators/defineOperator.js';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { defineSink } from '../sinks/defineSink.js';
import { createRegistry } from './registry.js';

const sink = (name: string) => defineSink({ name, configSchema: z.strictObject({}), create: () => ({ write: async () => {}, close: async () => {} }) });
const operator = (name: string) => defineOperator({ name, configSchema: z.strictObject({}), create: () => (events) => events });

describe('createRegistry', () => {
  it('holds exactly what it is given: nothing is registered by importing a module', () => {
    expect([...createRegistry().operators.keys()]).toEqual([]);
    const registry = createRegistry({ operators: builtinOperatorDefinitions, sinks: [sink('console')] });
    expect([...registry.operators.keys()]).toEqual(builtinOperatorDefinitions.map((d) => d.name));
    expect([...registry.sinks.keys()]).toEqual(['console']);
  });

  it('refuses two definitions under one name', () => {
    const error = (() => {
      try {
        createRegistry({ sinks: [sink('audit'), sink('audit')] });
      } catch (e) {
        return e;
      }
    })();
    expect(isGcsError(error, 'GCS_PLUGIN_INVALID')).toBe(true);
    expect((error as Error).message).toContain('two sinks are registered as "audit"');
  });

  it('extends into a new registry, under the names a config uses, leaving the first as it was', () => {
    const base = createRegistry({ operators: [operator('dedupe')] });
    const slow = operator('slowAnswer');
    const extended = base.extend({ operators: [['./slow.mjs', slow]], sinks: [['audit', sink('audit')]] });
    expect(extended.operators.get('./slow.mjs')).toBe(slow);
    expect([...extended.sinks.keys()]).toEqual(['audit']);
    expect([...base.operators.keys()]).toEqual(['dedupe']);
    expect(base.sinks.size).toBe(0);
  });

  it('stamps an operator definition so a loaded module tells it from a sink', () => {
    expect(operator('x').kind).toBe('operator');
  });
});
