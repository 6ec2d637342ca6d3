import type { GenesysEvent } from '../../model/events.js';
import type { ConversationRecord } from '../conversationState/types.js';
import type { ServiceLevelSetting } from './types.js';

type Loose = Record<string, unknown>;

/** What `queueMetrics` reads: `conversationState` records, and Genesys events (observations, routing statuses, activity). */
export type QueueMetricsInput = ConversationRecord | GenesysEvent;

/** Whether an event's family is one the live board reads (observations, routing statuses, activity): never a record, never a queue entity. */
export const isLiveFamily = (family: string | undefined): boolean => family === 'observation' || family === 'routing-status' || family === 'activity';

const isRecord = (x: unknown): x is ConversationRecord => typeof x === 'object' && x !== null && 'conversationId' in x && Array.isArray((x as Loose).visits);

/** A conversation record, given bare or wrapped as a pipeline event's body. */
export function asConversationRecord(input: unknown): ConversationRecord | undefined {
  if (isRecord(input)) return input;
  const body = (input as Loose | null)?.eventBody;
  return isRecord(body) ? body : undefined;
}

/** `mediaSettings` media names to analytics media types. */
const MEDIA_SETTING_TYPES: Record<string, string> = { call: 'voice', callback: 'callback', chat: 'chat', email: 'email', message: 'message' };

/**
 * A queue entity as `GET /api/v2/routing/queues/{id}` returns it (`{ id, mediaSettings: { call:
 * { serviceLevel: { durationMs, percentage } }, ... } }`), however it reached the pipeline.
 */
export function queueSettingsOf(body: Loose | undefined): { queueId: string; levels: Record<string, ServiceLevelSetting> } | undefined {
  const media = body?.mediaSettings as Loose | undefined;
  if (typeof body?.id !== 'string' || typeof media !== 'object' || media === null) return undefined;
  const levels: Record<string, ServiceLevelSetting> = {};
  for (const [name, value] of Object.entries(media)) {
    const sl = (value as Loose | null)?.serviceLevel as Loose | undefined;
    const mediaType = MEDIA_SETTING_TYPES[name] ?? name;
    if (typeof sl?.durationMs === 'number' && sl.durationMs > 0) levels[mediaType] = { durationMs: sl.durationMs, ...(typeof sl.percentage === 'number' ? { percentage: sl.percentage } : {}) };
  }
  return { queueId: body.id, levels };
}

