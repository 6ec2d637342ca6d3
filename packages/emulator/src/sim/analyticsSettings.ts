import { EmulatorUsageError } from '../errors.js';
import type { MediaKind } from './media.js';
import type { SimQueue } from './directory.js';

/** A queue's service-level goal for one media type, as `mediaSettings.<media>.serviceLevel` carries it. */
export interface ServiceLevel {
  /** The target share answered in time, 0..1 (`oServiceLevel.target`); not part of the ratio. */
  readonly percentage: number;
  /** Answered within this many ms counts as meeting the service level. */
  readonly durationMs: number;
}

export type QueueServiceLevels = Readonly<Record<MediaKind, ServiceLevel>>;

/**
 * The analytics definitions Genesys Cloud leaves to each org (Admin > Contact Center > Service
 * Level Calculations, and the abandon intervals), and the queues' service-level settings.
 */
export interface AnalyticsOptions {
  /** Abandons that waited less than this are also `tShortAbandon`. @default 10000 */
  shortAbandonMs?: number;
  /** "Include Flowouts": flow-outs count in the service-level denominator. @default false */
  serviceLevelIncludesFlowOuts?: boolean;
  /** "Include Short Abandons": when false, short abandons leave the denominator. @default true */
  serviceLevelIncludesShortAbandons?: boolean;
  /** "Include Abandons": when false, abandons leave the denominator. @default true */
  serviceLevelIncludesAbandons?: boolean;
  /** Per queue (name or id), per media type: overrides the drawn service levels. */
  serviceLevels?: Record<string, Partial<Record<MediaKind, Partial<ServiceLevel>>>>;
}

export interface AnalyticsSettings {
  readonly shortAbandonMs: number;
  readonly serviceLevelIncludesFlowOuts: boolean;
  readonly serviceLevelIncludesShortAbandons: boolean;
  readonly serviceLevelIncludesAbandons: boolean;
  serviceLevel(queueId: string, kind: MediaKind): ServiceLevel;
  serviceLevels(queueId: string): QueueServiceLevels;
}

/** Genesys's defaults for a new queue: 80% in 20 s, email 80% in 24 hours. */
export const DEFAULT_SERVICE_LEVELS: QueueServiceLevels = {
  voice: { percentage: 0.8, durationMs: 20_000 },
  callback: { percentage: 0.8, durationMs: 20_000 },
  chat: { percentage: 0.8, durationMs: 20_000 },
  message: { percentage: 0.8, durationMs: 20_000 },
  email: { percentage: 0.8, durationMs: 86_400_000 },
};

/**
 * Orgs tune the defaults per queue, so queues differ: the n-th queue takes the n-th row (the first
 * keeps Genesys's defaults). Derived from the position, not the seed, so adding this drew no
 * random numbers and left every seed's conversations as they were.
 */
const VARIANTS: readonly Partial<Record<MediaKind, ServiceLevel>>[] = [
  {},
  { voice: { percentage: 0.9, durationMs: 30_000 }, chat: { percentage: 0.85, durationMs: 45_000 }, email: { percentage: 0.9, durationMs: 14_400_000 } },
  { voice: { percentage: 0.75, durationMs: 15_000 }, callback: { percentage: 0.8, durationMs: 60_000 }, message: { percentage: 0.8, durationMs: 120_000 } },
  { voice: { percentage: 0.8, durationMs: 60_000 }, callback: { percentage: 0.7, durationMs: 300_000 }, chat: { percentage: 0.8, durationMs: 30_000 } },
];

function check(where: string, sl: ServiceLevel): ServiceLevel {
  if (!(sl.percentage >= 0 && sl.percentage <= 1)) throw new EmulatorUsageError(`${where}.percentage must be from 0 to 1, got ${sl.percentage}.`);
  if (!(Number.isInteger(sl.durationMs) && sl.durationMs >= 1000)) {
    throw new EmulatorUsageError(`${where}.durationMs must be an integer of at least 1000 (ms), got ${sl.durationMs}.`);
  }
  return sl;
}

export function resolveAnalytics(options: AnalyticsOptions | undefined, queues: readonly SimQueue[]): AnalyticsSettings {
  const shortAbandonMs = options?.shortAbandonMs ?? 10_000;
  if (!(shortAbandonMs >= 0)) throw new EmulatorUsageError(`contactCenter.analytics.shortAbandonMs must be >= 0, got ${shortAbandonMs}.`);
  const overrides = options?.serviceLevels ?? {};
  for (const key of Object.keys(overrides)) {
    if (!queues.some((q) => q.id === key || q.name === key)) {
      throw new EmulatorUsageError(`contactCenter.analytics.serviceLevels names queue "${key}", which is not configured: use one of ${queues.map((q) => q.name).join(', ')}.`);
    }
  }
  const byQueue = new Map<string, QueueServiceLevels>();
  queues.forEach((queue, index) => {
    const variant = VARIANTS[index % VARIANTS.length]!;
    const own = { ...overrides[queue.name], ...overrides[queue.id] };
    const levels = {} as Record<MediaKind, ServiceLevel>;
    for (const kind of Object.keys(DEFAULT_SERVICE_LEVELS) as MediaKind[]) {
      const base = { ...DEFAULT_SERVICE_LEVELS[kind], ...variant[kind], ...own[kind] };
      levels[kind] = check(`contactCenter.analytics.serviceLevels["${queue.name}"].${kind}`, base);
    }
    byQueue.set(queue.id, levels);
  });
  return {
    shortAbandonMs,
    serviceLevelIncludesFlowOuts: options?.serviceLevelIncludesFlowOuts ?? false,
    serviceLevelIncludesShortAbandons: options?.serviceLevelIncludesShortAbandons ?? true,
    serviceLevelIncludesAbandons: options?.serviceLevelIncludesAbandons ?? true,
    serviceLevel: (queueId, kind) => (byQueue.get(queueId) ?? DEFAULT_SERVICE_LEVELS)[kind],
    serviceLevels: (queueId) => byQueue.get(queueId) ?? DEFAULT_SERVICE_LEVELS,
  };
}
