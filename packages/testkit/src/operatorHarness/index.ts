export { runOperator, expectOperator, MARBLE_EPOCH, type MarbleInput, type MarbleRun, type OperatorExpectation } from './marbles.js';
export { runStream, type StreamRun, type StreamRunOptions, type TimedInput, type Emission } from './runStream.js';
export { buildOperator, builtinOperator, pipeOperators, type AnyOperatorDefinition, type OperatorOptionsInput } from './operatorUnderTest.js';
export { createTestOperatorContext, type TestOperatorContext } from './testContext.js';
export { decodeInput, type OperatorInput } from './inputs.js';
export { matchesPattern } from './_match.js';
export * from './properties/index.js';
