export * from './eventBridgeOptions.js';
export * from './eventBridgeSource.js';
