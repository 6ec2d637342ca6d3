export { describeSinkConformance, type SinkConformanceOptions } from './describeSinkConformance.js';
export { sampleEvents } from './sampleEvents.js';
