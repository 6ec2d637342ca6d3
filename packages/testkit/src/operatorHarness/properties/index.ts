export { OperatorPropertyError, type PropertyOptions, type PropertyReport } from './_check.js';
export { counterexampleYaml, type Counterexample } from './counterexample.js';
export { defaultProjection, type Projection, type StreamPropertyOptions } from './_streams.js';
export { assertNeverThrows } from './neverThrows.js';
export { assertIdempotent, type IdempotenceOptions } from './idempotent.js';
export { assertReorderInsensitive, type ReorderOptions } from './reorderInsensitive.js';
export { assertConservesCounts, type ConservationOptions } from './conservesCounts.js';
export { assertBoundedState, type BoundedStateOptions } from './boundedState.js';
