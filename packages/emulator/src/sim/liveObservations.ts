import type { AgentState } from './agents.js';
import { iso } from './payloadFields.js';
import type { MediaKind } from './media.js';

/** What a session is doing in a queue right now: waiting, alerting an agent, or with an agent. */
export interface LiveItem {
  readonly queueId: string;
  readonly kind: MediaKind;
  readonly state: 'waiting' | 'alerting' | 'interacting';
  /** Since when: queue entry for waiting and alerting (a ring-out keeps its place), answer for interacting. */
  readonly since: number;
  readonly conversationId: string;
  readonly sessionId: string;
}

/** `ObservationMetricData`: a metric, its qualifier, its stats, and (query only) the observations. */
export interface ObservationMetric {
  readonly metric: string;
  readonly qualifier?: string;
  readonly stats: Record<string, number>;
  readonly observations?: readonly Record<string, unknown>[];
}

const GAUGES = { oWaiting: 'waiting', oInteracting: 'interacting', oAlerting: 'alerting' } as const;

/**
 * oWaiting, oInteracting, oAlerting and the oldest of each (oLongestWaiting, oLongestInteracting:
 * `calculatedMetricValue` is the epoch ms the oldest one started, as real clients read it).
 */
export function conversationObservations(items: Iterable<LiveItem>, kind: MediaKind, withDetails: boolean): ObservationMetric[] {
  const byState: Record<LiveItem['state'], LiveItem[]> = { waiting: [], alerting: [], interacting: [] };
  for (const item of items) if (item.kind === kind) byState[item.state].push(item);
  const metrics: ObservationMetric[] = [];
  for (const [metric, state] of Object.entries(GAUGES)) {
    const list = byState[state].sort((a, b) => a.since - b.since);
    const observations = withDetails && metric !== 'oAlerting' && list.length > 0
      ? list.map((i) => ({ observationDate: iso(i.since), conversationId: i.conversationId, sessionId: i.sessionId }))
      : undefined;
    metrics.push({ metric, stats: { count: list.length }, ...(observations ? { observations } : {}) });
  }
  for (const [metric, state] of [['oLongestWaiting', 'waiting'], ['oLongestInteracting', 'interacting']] as const) {
    const oldest = byState[state][0];
    if (oldest) metrics.push({ metric, stats: { count: byState[state].length, calculatedMetricValue: oldest.since } });
  }
  return metrics;
}

/** Members by routing status and on/off queue (group `{queueId}`, no media type, as Genesys groups them). */
export function userObservations(members: readonly AgentState[]): ObservationMetric[] {
  let offQueue = 0;
  const onQueue: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  for (const agent of members) {
    statuses[agent.routingStatus] = (statuses[agent.routingStatus] ?? 0) + 1;
    if (agent.routingStatus !== 'OFF_QUEUE') onQueue[agent.routingStatus] = (onQueue[agent.routingStatus] ?? 0) + 1;
    else if (agent.presence !== 'Offline') offQueue++;
  }
  const metrics: ObservationMetric[] = [
    { metric: 'oMemberUsers', stats: { count: members.length } },
    { metric: 'oActiveUsers', stats: { count: members.length } },
    { metric: 'oOffQueueUsers', stats: { count: offQueue } },
  ];
  for (const [status, count] of Object.entries(onQueue)) metrics.push({ metric: 'oOnQueueUsers', qualifier: status, stats: { count } });
  for (const [status, count] of Object.entries(statuses)) metrics.push({ metric: 'oUserRoutingStatuses', qualifier: status, stats: { count } });
  return metrics;
}
