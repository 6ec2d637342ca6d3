import type { Clock } from '../clock.js';
import type { ContactCenter } from '../sim/types.js';
import type { ContactCenterOptions } from '../sim/options.js';
import type { FaultController } from '../faults/faultController.js';
import type { TruthRecord } from '../truth/truthLog.js';
import type { HighRateOptions } from '../highRate/highRatePump.js';
import type { ProfileName } from './profiles.js';

/** A pino-compatible logger: `logger.info({ port }, 'listening')`. */
export interface EmulatorLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug?(obj: object | string, msg?: string): void;
}

/** Simulation options the caller may set; the emulator supplies the clock, seed, start time and warm-up. */
export type ContactCenterSettings = Partial<Omit<ContactCenterOptions, 'clock' | 'seed' | 'startTime' | 'warmupMs'>>;

export interface EmulatorOptions {
  /** 0 picks any free port. @default 8787 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Seeds the simulation and the fault choices: the same seed gives the same events. @default 1 */
  seed?: number;
  /** Simulated ms per wall ms. @default 1 */
  speed?: number;
  /** Simulated epoch ms at which the simulation starts. @default Date.now() */
  startTime?: number;
  /** @default 'emulator-client' */
  clientId?: string;
  /** @default 'emulator-secret' */
  clientSecret?: string;
  /** Access token lifetime in simulated seconds (Genesys allows 300 to 172800). @default 86400 */
  tokenLifetimeSec?: number;
  /** Wall ms between WebSocket heartbeats. @default 30000 */
  heartbeatMs?: number;
  /** Channel lifetime in simulated ms, extended by each resubscribe. @default 86400000 (24 h) */
  channelTtlMs?: number;
  /** Wall ms between `v2.system.socket_closing` and the close. @default 60000 */
  socketClosingGraceMs?: number;
  /** REST requests per minute per token before 429. @default 300 */
  rateLimitPerMinute?: number;
  /** @default 20 */
  maxChannelsPerClient?: number;
  /** @default 1000 */
  maxTopicsPerChannel?: number;
  /** Also write the ground truth to this file as NDJSON. */
  truthFile?: string;
  /**
   * Ground-truth records kept in memory (the newest); `truthFile` keeps all of them.
   * @default 1000000
   */
  truthMaxRecords?: number;
  /** Fault specs applied at start, e.g. `['drop-sockets:every=15s', '429:count=5']`. */
  faults?: readonly string[];
  /** Floods each connected socket with pre-serialized frames, for benchmarks. @default false */
  highRate?: boolean | HighRateOptions;
  /**
   * Size of the simulated center: `small` (5 queues, 80 agents), `medium` (20, 200), `large`
   * (60, 1,000) or `enterprise` (200, 5,000). `contactCenter.queues`, `.agents` and
   * `.arrivalRatePerMinute` override its sizes. @default 'small'
   */
  profile?: ProfileName;
  /**
   * Start at steady state: the profile's history is played (in simulated time, at start) so that
   * conversations are in flight, agents in every routing status and analytics full from the first
   * second. `false` starts an empty center whose agents log in during the first minute. @default true
   */
  warm?: boolean;
  /** Simulated ms of history a warm start plays. @default the profile's: small 1 h, medium 1 h, large 30 min, enterprise 15 min */
  historyMs?: number;
  /** Options for the simulated contact center (queues, agents, mediaMix, arrivalRatePerMinute...). */
  contactCenter?: ContactCenterSettings;
  logger?: EmulatorLogger;
  /** Builds the simulation; replace it to drive the server with a scripted contact center. */
  createContactCenter?: (options: ContactCenterOptions) => ContactCenter;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: login, REST and streaming are all served here. */
  readonly baseUrl: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clock: Clock;
  readonly contactCenter: ContactCenter;
  /** Every notification the simulation produced so far, from index `from`. */
  truth(from?: number): readonly TruthRecord[];
  readonly faults: FaultController;
  /** Counts for tests and the admin API. */
  stats(): EmulatorStats;
  close(): Promise<void>;
}

export interface EmulatorStats {
  channels: number;
  sockets: number;
  truthRecords: number;
  framesRouted: number;
  highRateFrames: number;
}

export const DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  seed: 1,
  speed: 1,
  profile: 'small',
  clientId: 'emulator-client',
  clientSecret: 'emulator-secret',
  tokenLifetimeSec: 86_400,
  heartbeatMs: 30_000,
  channelTtlMs: 86_400_000,
  socketClosingGraceMs: 60_000,
  rateLimitPerMinute: 300,
  maxChannelsPerClient: 20,
  maxTopicsPerChannel: 1000,
} as const;
