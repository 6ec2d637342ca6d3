export { describeSinkConformance, type SinkConformanceOptions, type SinkFaults } from './describeSinkConformance.js';
export { sampleEvents } from './sampleEvents.js';
