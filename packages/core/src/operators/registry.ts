import { builtinOperatorDefinitions } from './index.js';
import type { OperatorDefinition } from './defineOperator.js';

export { defineOperator, isOperatorDefinition, type OperatorContext, type OperatorDefinition, type OperatorState } from './defineOperator.js';

/**
 * The built-in operators by name. Built from the explicit list in `./index.ts`; nothing registers
 * itself by being imported. A pipeline reads operators from a `Registry` (`createRegistry`).
 */
export const builtinOperators: ReadonlyMap<string, OperatorDefinition> = new Map(builtinOperatorDefinitions.map((definition) => [definition.name, definition]));
