import { EmulatorUsageError } from '../errors.js';
import { resolveAnalytics, type AnalyticsSettings } from './analyticsSettings.js';
import { checkOptions } from './checkOptions.js';
import {
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
} from './options.js';
import type { Random } from './random.js';
import type { MediaKind } from './media.js';
import type { SimQueue, SimUser } from './directory.js';

const DEFAULT_QUEUES: QueueOptions[] = [
  { name: 'Sales', mediaTypes: ['voice', 'chat', 'message'] },
  { name: 'Support', mediaTypes: ['voice', 'chat', 'message', 'email'] },
  { name: 'Billing', mediaTypes: ['voice', 'callback', 'email'] },
  { name: 'Retention', mediaTypes: ['voice', 'callback', 'chat'] },
];

const FIRST_NAMES = ['Ada', 'Bruno', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Keira', 'Luis', 'Maya', 'Nils', 'Olga', 'Priya'];
const LAST_NAMES = ['Moreau', 'Silva', 'Okafor', 'Lindqvist', 'Tanaka', 'Novak', 'Haddad', 'Reyes', 'Fischer', 'Kowalski', 'Byrne', 'Sato'];

export interface ResolvedQueue extends SimQueue {
  readonly arrivalRatePerMinute: number;
  readonly mediaMix: MediaMix;
  readonly requiredSkills: readonly string[];
  /** The number customers dial for this queue. */
  readonly dnis: string;
  /** The inbound flow (IVR) in front of the queue. */
  readonly flowId: string;
}

export interface ResolvedConfig {
  /** Where the simulation begins: `liveFrom` less the warm-up. */
  readonly startTime: number;
  /** The first simulated ms whose notifications are sent (the options' `startTime`). */
  readonly liveFrom: number;
  readonly queues: readonly ResolvedQueue[];
  readonly users: readonly SimUser[];
  readonly timing: SimTiming;
  readonly utilization: Readonly<Record<MediaKind, number>>;
  readonly observationIntervalMs: number;
  readonly retentionMs: number;
  readonly transcription: boolean;
  readonly analytics: AnalyticsSettings;
  readonly organizationId: string;
  readonly divisionId: string;
}

const invalid = (message: string) => new EmulatorUsageError(message);

/** Turns options into queues and users, drawing the ids that were not given from the seed. */
export function resolveOptions(options: ContactCenterOptions, random: Random): ResolvedConfig {
  checkOptions(options);
  const organizationId = options.organizationId ?? random.uuid();
  const divisionId = options.divisionId ?? random.uuid();
  const centerMix = { ...DEFAULT_MEDIA_MIX, ...options.mediaMix };
  const queueOptions =
    typeof options.queues === 'number'
      ? Array.from({ length: options.queues }, (_, i) => DEFAULT_QUEUES[i % DEFAULT_QUEUES.length]!).map((q, i) =>
          i < DEFAULT_QUEUES.length ? q : { ...q, name: `${q.name} ${Math.floor(i / DEFAULT_QUEUES.length) + 1}` },
        )
      : (options.queues ?? DEFAULT_QUEUES);
  if (queueOptions.length === 0) throw invalid('the contact center needs at least one queue: give `queues` a positive count or a list.');

  const rateFor = (q: QueueOptions, id: string): number => {
    const rate = options.arrivalRatePerMinute;
    const value = q.arrivalRatePerMinute ?? (typeof rate === 'number' ? rate : (rate?.[q.name] ?? rate?.[id] ?? DEFAULT_ARRIVAL_RATE_PER_MINUTE));
    if (!(value >= 0)) throw invalid(`queue "${q.name}": arrivalRatePerMinute must be >= 0, got ${value}.`);
    return value;
  };
  const queues: ResolvedQueue[] = queueOptions.map((q, index) => {
    const id = q.id ?? random.uuid();
    const mix = { ...centerMix, ...q.mediaMix };
    const mediaTypes = q.mediaTypes ?? MEDIA_KINDS.filter((m) => (mix[m] ?? 0) > 0);
    const mediaMix = Object.fromEntries(mediaTypes.map((m) => [m, mix[m] ?? 0])) as MediaMix;
    const arrivalRatePerMinute = rateFor(q, id);
    if (arrivalRatePerMinute > 0 && !Object.values(mediaMix).some((w) => (w ?? 0) > 0)) {
      throw invalid(`queue "${q.name}" serves no media type with a positive weight in mediaMix: give it mediaTypes or raise a weight.`);
    }
    const dnis = `+1800555${String(100 + index).padStart(4, '0')}`;
    const flowId = random.uuid();
    return { id, name: q.name, mediaTypes, arrivalRatePerMinute, mediaMix, requiredSkills: q.requiredSkills ?? [], dnis, flowId };
  });

  const agentOptions: AgentOptions[] =
    typeof options.agents === 'number' || options.agents === undefined
      ? Array.from({ length: typeof options.agents === 'number' ? options.agents : 12 }, (_, i) => ({
          name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`,
          queues: [queues[i % queues.length]!.id, queues[(i + 1) % queues.length]!.id],
          skills: i % 3 === 0 ? ['English', 'Spanish'] : ['English'],
        }))
      : options.agents;
  const queueByKey = new Map<string, string>();
  for (const q of queues) {
    queueByKey.set(q.id, q.id);
    queueByKey.set(q.name, q.id);
  }
  const users: SimUser[] = agentOptions.map((a) => {
    const id = a.id ?? random.uuid();
    const queueIds = (a.queues ?? queues.map((q) => q.id)).map((key) => {
      const queueId = queueByKey.get(key);
      if (!queueId) throw invalid(`agent "${a.name}" names queue "${key}", which is not configured: use one of ${queues.map((q) => q.name).join(', ')}.`);
      return queueId;
    });
    const email = `${a.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
    return { id, name: a.name, email, queueIds: [...new Set(queueIds)], skills: a.skills ?? ['English'] };
  });

  const liveFrom = options.startTime ?? Math.round(options.clock.now());
  return {
    startTime: liveFrom - Math.round(options.warmupMs ?? 0),
    liveFrom,
    queues,
    users,
    timing: {
      ...DEFAULT_TIMING,
      ...options.timing,
      talkMs: { ...DEFAULT_TIMING.talkMs, ...options.timing?.talkMs },
      patienceMs: { ...DEFAULT_TIMING.patienceMs, ...options.timing?.patienceMs },
    },
    utilization: { ...DEFAULT_UTILIZATION, ...options.utilization },
    observationIntervalMs: options.observationIntervalMs ?? 1000,
    retentionMs: options.retentionMs ?? 8 * 86_400_000,
    transcription: options.transcription ?? true,
    analytics: resolveAnalytics(options.analytics, queues),
    organizationId,
    divisionId,
  };
}
