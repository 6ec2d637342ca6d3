export { createReplaySource, type ReplaySource, type ReplaySourceStatus, type ReplaySourceContext } from './replaySource.js';
export { replaySourceSchema, type ReplaySourceConfig, type ReplaySourceInput, type RecordedFrame } from './replayOptions.js';
