import type { AnalyticsSettings } from './analyticsSettings.js';
import type { ObservationMetric } from './liveObservations.js';
import type { MetricEmission } from './metricLedger.js';
import type { SimQueue, SimUser } from './directory.js';

export type { MediaKind } from './media.js';
export type { SimQueue, SimUser } from './directory.js';

/**
 * The seam between the simulated contact center (`sim/`) and the server that speaks the Genesys
 * protocol (`server/`). The simulation knows nothing of channels or sockets: it produces
 * notifications for every topic, and the server routes each one to the channels subscribed to it
 * and records it in the ground-truth log.
 */

/** One notification the simulation produced, before routing. */
export interface SimNotification {
  /** The concrete topic, e.g. `v2.routing.queues.<uuid>.conversations`. */
  readonly topicName: string;
  readonly eventBody: unknown;
  /** Simulated epoch milliseconds at which it happened. */
  readonly time: number;
  /** The conversation it belongs to, when it belongs to one (for the ground truth). */
  readonly conversationId?: string;
}

/** The analytics view of one conversation, shaped as `conversations/details/query` returns it. */
export interface AnalyticsConversation {
  readonly conversationId: string;
  readonly conversationStart: string;
  readonly conversationEnd?: string;
  readonly originatingDirection: 'inbound' | 'outbound';
  readonly divisionIds: readonly string[];
  readonly participants: readonly unknown[];
}

export interface DetailsQuery {
  /** Simulated epoch ms, start inclusive, end exclusive. */
  readonly from: number;
  readonly to: number;
  readonly queueIds?: readonly string[];
  readonly mediaTypes?: readonly string[];
}

/** One group of `POST /api/v2/analytics/queues/observations/query`: `{queueId, mediaType}` or, for users, `{queueId}`. */
export interface QueueObservation {
  readonly group: Readonly<Record<string, string>>;
  readonly data: readonly ObservationMetric[];
}

/**
 * A running simulated contact center. Time comes from the clock it was given; the same seed and
 * the same clock give the same notifications.
 */
export interface ContactCenter {
  readonly queues: readonly SimQueue[];
  readonly users: readonly SimUser[];
  /** Subscribe to every notification produced; returns an unsubscribe function. */
  onNotification(listener: (notification: SimNotification) => void): () => void;
  start(): void;
  stop(): void;
  /** Conversations whose start falls in the query interval and match its filters, by start time. */
  detailsQuery(query: DetailsQuery): AnalyticsConversation[];
  /** One page of the same, in start order or its reverse, with the number of matches. */
  detailsPage(query: DetailsQuery, order: 'asc' | 'desc', offset: number, limit: number): { conversations: AnalyticsConversation[]; totalHits: number };
  /** The conversations with these ids, whenever they started. */
  conversationsById(ids: ReadonlySet<string>): AnalyticsConversation[];
  /** Current observations per queue and media type (oWaiting, ...) and per queue (oOnQueueUsers, ...). */
  observations(queueIds: readonly string[]): QueueObservation[];
  /** The metrics emitted with `from <= emitDate < to`, in emission order (aggregates are computed from them). */
  metricEmissions(from: number, to: number): readonly MetricEmission[];
  /** The org's analytics definitions and each queue's service levels per media type. */
  readonly analytics: AnalyticsSettings;
}
