export * from './events.js';
export * from './frames.js';
