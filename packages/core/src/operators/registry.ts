import type { Logger } from 'pino';
import type { OperatorFunction } from 'rxjs';
import type { z } from 'zod';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import type { Metrics } from '../metrics/metrics.js';

/** What the pipeline runner hands an operator it builds from config. */
export interface OperatorContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Where records the operator cannot process go, with a reason. */
  readonly deadLetter: (letter: DeadLetter) => void;
}

/** An operator that can be named in the `pipeline:` list of a config. */
export interface OperatorDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly configSchema: S;
  create(config: z.output<S>, ctx: OperatorContext): OperatorFunction<GenesysEvent, GenesysEvent>;
}

export function defineOperator<S extends z.ZodType>(definition: OperatorDefinition<S>): OperatorDefinition<S> {
  return definition;
}

/** The operators a config can name, by name. Each operator's module registers itself here. */
export const builtinOperators = new Map<string, OperatorDefinition>();

export function registerOperator(definition: OperatorDefinition): void {
  builtinOperators.set(definition.name, definition);
}
