import type { MediaKind } from './media.js';
import type { MetricEmission } from './metricLedger.js';

/**
 * The simulation's own record of a conversation. Flows mutate it; payload builders read it to
 * produce notification bodies and analytics, so both views always agree.
 */

export type MediaState = 'alerting' | 'dialing' | 'contacting' | 'offering' | 'connected' | 'disconnected' | 'terminated' | 'none';
export type Purpose = 'customer' | 'external' | 'acd' | 'agent' | 'user' | 'ivr' | 'workflow' | 'voicemail';

/** An analytics segment (alert, interact, hold, wrapup, ivr, dialing, contacting, voicemail). */
export interface Segment {
  readonly type: string;
  readonly start: number;
  end?: number;
  readonly queueId?: string;
  disconnectType?: string;
  wrapUpCode?: string;
}

export interface MediaSession {
  readonly id: string;
  readonly kind: MediaKind;
  state: MediaState;
  readonly initialState: MediaState;
  readonly direction: 'inbound' | 'outbound';
  readonly provider: string;
  held: boolean;
  startHoldTime?: number;
  connectedTime?: number;
  disconnectedTime?: number;
  disconnectType?: string;
  peerId?: string;
  afterCallWorkRequired?: boolean;
  afterCallWork?: { state: 'pending' | 'complete'; startTime: number; endTime?: number };
  /** Fields only this media type carries (subject, callbackNumbers, messages, ...). */
  readonly extra: Record<string, unknown>;
  readonly segments: Segment[];
}

export interface Wrapup {
  code: string;
  name: string;
  notes: string;
  durationSeconds: number;
  endTime: number;
}

export interface Participant {
  readonly id: string;
  readonly purpose: Purpose;
  readonly name: string;
  readonly address: string;
  readonly userId?: string;
  readonly queueId?: string;
  readonly startTime: number;
  connectedTime?: number;
  endTime?: number;
  wrapupRequired: boolean;
  wrapupExpected?: boolean;
  wrapup?: Wrapup;
  startAcwTime?: number;
  endAcwTime?: number;
  alertingTimeoutMs?: number;
  readonly attributes: Record<string, string>;
  readonly routing?: { queueId: string; skills: readonly string[]; priority: number; language: string };
  readonly sessions: MediaSession[];
}

export interface Conversation {
  readonly id: string;
  /** The media being routed now: a voice call that flows out to a callback becomes a callback. */
  kind: MediaKind;
  readonly start: number;
  end?: number;
  readonly ani: string;
  readonly dnis: string;
  readonly divisionId: string;
  readonly participants: Participant[];
  /** Every queue the conversation has been in, in order: its events go to each queue's topic. */
  readonly queueIds: Set<string>;
  /** Every agent that has taken part: its events go to each user's topic. */
  readonly userIds: Set<string>;
  /** For routing: skills the conversation needs. */
  readonly requiredSkills: readonly string[];
  language: string;
  /** Each time the conversation entered a queue, with the one outcome decided for it. */
  readonly visits: QueueVisit[];
  /** Every analytics metric the conversation emitted, in emission order (see `metricLedger.ts`). */
  readonly metrics: MetricEmission[];
}

/** `acdOutcome` of `acd.end`, spelled as the SDK's `AcdOutcomeEnum`. */
export type AcdOutcome = 'ANSWERED' | 'ABANDON' | 'FLOW_OUT';
/** Where a flow-out went: the queue's voicemail, a callback, or another queue (in-queue flow). */
export type FlowOutType = 'voicemail' | 'callback' | 'transfer';

export type VisitDecision =
  | { readonly outcome: 'ANSWERED'; readonly userId: string }
  | { readonly outcome: 'ABANDON' }
  | { readonly outcome: 'FLOW_OUT'; readonly type: FlowOutType };

/**
 * One ACD session: the conversation entered a queue and left it once, answered, abandoned or
 * flowed out. The outcome is decided here once; the queue notifications (the ACD media's state
 * and disconnect type), `acd.end`, the session metrics, aggregates and observation totals are all
 * rendered from this record, so no view can tell another story.
 */
export interface QueueVisit {
  readonly queueId: string;
  readonly kind: MediaKind;
  readonly participant: Participant;
  readonly session: MediaSession;
  readonly start: number;
  end?: number;
  outcome?: AcdOutcome;
  flowOutType?: FlowOutType;
  answeredUserId?: string;
}
