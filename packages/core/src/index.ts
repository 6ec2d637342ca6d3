export * from './model/events.js';
export * from './errors/errors.js';
export * from './metrics/metrics.js';
export * from './plugins/defineSink.js';
export * from './config/duration.js';
export * from './source/genesysOptions.js';
export * from './operators/registry.js';
