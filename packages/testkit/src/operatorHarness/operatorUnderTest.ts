import { builtinOperators, type OperatorContext, type OperatorDefinition } from '@gcstream/core';
import type { OperatorFunction } from 'rxjs';
import type { GenesysEvent } from '@gcstream/core';
import type { z } from 'zod';

// A definition's own config type is erased here, as the pipeline holds it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperatorDefinition = OperatorDefinition<any>;

/** The options a config would give the operator, before its schema fills in defaults. */
export type OperatorOptionsInput<D extends AnyOperatorDefinition> = z.input<D['configSchema']>;

/**
 * Builds the operator exactly as the pipeline does: the options parsed by its own schema (so
 * defaults and durations such as `30s` apply), then `create(config, ctx)`.
 */
export function buildOperator(definition: AnyOperatorDefinition, options: unknown, ctx: OperatorContext): OperatorFunction<GenesysEvent, GenesysEvent> {
  if (definition?.configSchema === undefined) throw new TypeError(`[gcstream] [testkit] ${String(definition)} is not an operator definition: pass what defineOperator returned`);
  const parsed = definition.configSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new TypeError(`[gcstream] [testkit] options for operator "${definition.name}" do not fit its configSchema: ${issues}`);
  }
  return definition.create(parsed.data, ctx);
}

/**
 * Several operators as one, each with its options, in pipeline order: a property can hold for a
 * chain (`conversationState` then `queueMetrics`) as the config would run it.
 */
export function pipeOperators(...stages: ReadonlyArray<readonly [AnyOperatorDefinition, unknown]>): AnyOperatorDefinition {
  return {
    kind: 'operator',
    name: stages.map(([d]) => d.name).join(' | '),
    configSchema: { safeParse: (x: unknown) => ({ success: true, data: x }), parse: (x: unknown) => x } as unknown as AnyOperatorDefinition['configSchema'],
    create: (_config: unknown, ctx: OperatorContext) => {
      const operators = stages.map(([d, options]) => buildOperator(d, options, ctx));
      return (source) => operators.reduce((events, op) => events.pipe(op), source);
    },
  };
}

/** A built-in operator by the name a config uses for it (`dedupe`, `window`, `conversationState`, ...). */
export function builtinOperator(name: string): AnyOperatorDefinition {
  const definition = builtinOperators.get(name);
  if (definition === undefined) throw new TypeError(`[gcstream] [testkit] no built-in operator is named "${name}": use one of ${[...builtinOperators.keys()].join(', ')}`);
  return definition;
}
