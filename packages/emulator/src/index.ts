export { startEmulator } from './server/startEmulator.js';
export { createReplayCenter, type ReplayCenter } from './replay/replayCenter.js';
export { playWhenConnected } from './replay/playWhenConnected.js';
export { describeEmulator } from './server/describe.js';
export { DEFAULTS as EMULATOR_DEFAULTS } from './server/options.js';
export { PROFILES, PROFILE_NAMES, type ProfileName, type CenterProfile } from './server/profiles.js';
export type { EmulatorOptions, RunningEmulator, EmulatorStats, EmulatorLogger, ContactCenterSettings } from './server/options.js';
export { createClock } from './clock.js';
export type { Clock, ClockOptions } from './clock.js';
export { parseFaultSpec, FAULT_KINDS } from './faults/faultSpec.js';
export type { FaultSpec, FaultKind } from './faults/faultSpec.js';
export type { FaultController, FrameFaults } from './faults/faultController.js';
export type { TruthRecord } from './truth/truthLog.js';
export type { HighRateOptions } from './highRate/highRatePump.js';
export { expandTopic } from './channels/topics.js';
export { EmulatorUsageError } from './errors.js';
export type {
  ContactCenter,
  SimNotification,
  SimQueue,
  SimUser,
  MediaKind,
  AnalyticsConversation,
  DetailsQuery,
  QueueObservation,
} from './sim/types.js';
export { createContactCenter, createManualClock, DEFAULT_MEDIA_MIX, DEFAULT_TIMING, DEFAULT_UTILIZATION } from './sim/index.js';
export type { ContactCenterOptions, ManualClock, QueueOptions, AgentOptions, MediaMix, SimTiming, TimingOverrides } from './sim/index.js';
