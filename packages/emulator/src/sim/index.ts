export { createContactCenter } from './contactCenter.js';
export { createManualClock, type ManualClock } from './manualClock.js';
export { createRandom, type Random } from './random.js';
export { createScheduler, type Scheduler } from './scheduler.js';
export {
  DEFAULT_ARRIVAL_RATE_PER_MINUTE,
  DEFAULT_MEDIA_MIX,
  DEFAULT_TIMING,
  DEFAULT_UTILIZATION,
  MEDIA_KINDS,
  type AgentOptions,
  type ContactCenterOptions,
  type MediaMix,
  type QueueOptions,
  type SimTiming,
  type TimingOverrides,
} from './options.js';
export type * from './types.js';
