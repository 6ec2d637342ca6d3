import { resolveAnalytics } from '../../src/sim/analyticsSettings.js';
import type { AnalyticsConversation, ContactCenter, DetailsQuery, QueueObservation, SimNotification } from '../../src/sim/types.js';

export const QUEUE_A = '1a2b3c4d-0000-4000-8000-00000000000a';
export const QUEUE_B = '1a2b3c4d-0000-4000-8000-00000000000b';
export const USER_1 = '5e5e5e5e-0000-4000-8000-000000000001';

/** A contact center whose notifications the test emits by hand, for exact routing assertions. */
export interface ScriptedContactCenter extends ContactCenter {
  emit(notification: Omit<SimNotification, 'time'> & { time?: number }): void;
  conversations: AnalyticsConversation[];
  lastQuery?: DetailsQuery;
  started: boolean;
}

export function createScriptedContactCenter(): ScriptedContactCenter {
  const listeners = new Set<(n: SimNotification) => void>();
  const center: ScriptedContactCenter = {
    queues: [
      { id: QUEUE_A, name: 'Support', mediaTypes: ['voice', 'chat'] },
      { id: QUEUE_B, name: 'Sales', mediaTypes: ['voice'] },
      ...Array.from({ length: 28 }, (_, i) => ({ id: `q${String(i).padStart(3, '0')}`, name: `Queue ${i}`, mediaTypes: ['email' as const] })),
    ],
    users: Array.from({ length: 7 }, (_, i) => ({
      id: i === 0 ? USER_1 : `user-${i}`,
      name: `Agent ${i}`,
      email: `agent${i}@example.com`,
      queueIds: [QUEUE_A],
      skills: [],
    })),
    conversations: [],
    started: false,
    emit(n) {
      for (const l of listeners) l({ time: Date.now(), ...n });
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      center.started = true;
    },
    stop() {
      center.started = false;
    },
    detailsQuery(query) {
      center.lastQuery = query;
      return center.conversations.filter((c) => {
        const t = Date.parse(c.conversationStart);
        return t >= query.from && t < query.to;
      });
    },
    detailsPage(query, order, offset, limit) {
      const found = center.detailsQuery(query).sort((x, y) => Date.parse(x.conversationStart) - Date.parse(y.conversationStart));
      if (order === 'desc') found.reverse();
      return { conversations: found.slice(offset, offset + limit), totalHits: found.length };
    },
    conversationsById(ids) {
      return center.conversations.filter((c) => ids.has(c.conversationId));
    },
    observations(queueIds): QueueObservation[] {
      return queueIds.map((queueId) => ({
        group: { queueId, mediaType: 'voice' },
        data: [
          { metric: 'oWaiting', stats: { count: 2 } },
          { metric: 'oInteracting', stats: { count: 5 } },
          { metric: 'oAlerting', stats: { count: 1 } },
        ],
      }));
    },
    metricEmissions: () => [],
    analytics: resolveAnalytics(undefined, []),
  };
  return center;
}

export function conversationAt(id: string, start: string): AnalyticsConversation {
  return { conversationId: id, conversationStart: start, originatingDirection: 'inbound', divisionIds: [], participants: [] };
}
