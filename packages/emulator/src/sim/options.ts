import type { Clock } from '../clock.js';
import type { AnalyticsOptions } from './analyticsSettings.js';
import type { MediaKind } from './media.js';

export const MEDIA_KINDS: readonly MediaKind[] = ['voice', 'chat', 'message', 'callback', 'email'];

/** Share of arrivals per media type; only the media a queue serves are drawn for it. */
export type MediaMix = Partial<Record<MediaKind, number>>;

export interface QueueOptions {
  name: string;
  /** @default drawn from the seed */
  id?: string;
  /** @default the media types with a positive weight in the media mix */
  mediaTypes?: MediaKind[];
  /** Poisson arrival rate of new conversations. @default the center's `arrivalRatePerMinute` */
  arrivalRatePerMinute?: number;
  /** Overrides the center's media mix for this queue. */
  mediaMix?: MediaMix;
  /** Skills every conversation on this queue requires. @default [] */
  requiredSkills?: string[];
}

export interface AgentOptions {
  name: string;
  /** @default drawn from the seed */
  id?: string;
  /** Queue names or ids the agent is a member of. @default two queues, round robin */
  queues?: string[];
  /** Routing skills. @default ['English'], a third of the agents also 'Spanish' */
  skills?: string[];
}

/** Mean durations in simulated milliseconds. */
export interface SimTiming {
  ivrMs: number;
  talkMs: Record<MediaKind, number>;
  acwMs: number;
  /** How long a customer waits in queue before abandoning, on average. */
  patienceMs: Record<MediaKind, number>;
  ringMs: number;
  alertingTimeoutMs: number;
  notRespondingMs: number;
  /** Mean gap between agent breaks, and the break length. */
  breakEveryMs: number;
  breakMs: number;
}

export type TimingOverrides = Partial<Omit<SimTiming, 'talkMs' | 'patienceMs'>> & {
  talkMs?: Partial<Record<MediaKind, number>>;
  patienceMs?: Partial<Record<MediaKind, number>>;
};

export interface ContactCenterOptions {
  clock: Clock;
  seed: number;
  /** Simulated epoch ms of the first notification sent. @default clock.now() when created */
  startTime?: number;
  /**
   * Simulated ms of history played, without sending anything, before `startTime` when the center
   * starts: conversations are then in flight, agents busy and analytics full from the first second.
   * @default 0 (a cold start: agents log in at `startTime`, nothing has happened yet)
   */
  warmupMs?: number;
  /** Queues, or how many default queues to make. @default 4 */
  queues?: QueueOptions[] | number;
  /** Agents, or how many default agents to make. @default 12 */
  agents?: AgentOptions[] | number;
  /** @default { voice: 0.5, chat: 0.2, message: 0.15, callback: 0.05, email: 0.1 } */
  mediaMix?: MediaMix;
  /** Arrivals per minute per queue: one number for all, or by queue name or id. @default 0.5 */
  arrivalRatePerMinute?: number | Record<string, number>;
  /** Overrides of the mean durations. */
  timing?: TimingOverrides;
  /**
   * How many interactions of a media type an agent handles at once. A type with 1 is exclusive
   * (nothing else at the same time); types above 1 can be mixed, each under its own limit.
   * @default { voice: 1, callback: 1, email: 1, chat: 3, message: 4 }
   */
  utilization?: Partial<Record<MediaKind, number>>;
  /** Fewest simulated ms between two observation notifications for one queue. @default 1000 */
  observationIntervalMs?: number;
  /** Ended conversations older than this are dropped from analytics. @default 8 days */
  retentionMs?: number;
  /** Analytics definitions (short abandons, service-level switches) and queues' service levels. */
  analytics?: AnalyticsOptions;
  /** Transcription of voice conversations. @default true */
  transcription?: boolean;
  organizationId?: string;
  divisionId?: string;
}

export const DEFAULT_ARRIVAL_RATE_PER_MINUTE = 0.5;

export const DEFAULT_MEDIA_MIX: Required<MediaMix> = { voice: 0.5, chat: 0.2, message: 0.15, callback: 0.05, email: 0.1 };

export const DEFAULT_UTILIZATION: Record<MediaKind, number> = { voice: 1, callback: 1, email: 1, chat: 3, message: 4 };

export const DEFAULT_TIMING: SimTiming = {
  ivrMs: 12_000,
  talkMs: { voice: 180_000, chat: 240_000, message: 300_000, callback: 150_000, email: 200_000 },
  acwMs: 30_000,
  patienceMs: { voice: 150_000, chat: 240_000, message: 900_000, callback: 3_600_000, email: 86_400_000 },
  ringMs: 4_000,
  alertingTimeoutMs: 8_000,
  notRespondingMs: 20_000,
  breakEveryMs: 90 * 60_000,
  breakMs: 10 * 60_000,
};
