export * from './events.js';
export * from './frames.js';
export * from './conversationLife.js';
export * from './traffic.js';
