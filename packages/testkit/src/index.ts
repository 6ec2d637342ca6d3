export * from './arbitraries/index.js';
export * from './sinkConformance/index.js';
