/**
 * Which topics a channel may subscribe to, and how a combined topic
 * (`v2.users.<id>?presence&routingStatus`) expands into the concrete topics it stands for.
 */

const ID = '[0-9A-Za-z][0-9A-Za-z_-]{0,99}';
const MEDIA = '(?:calls|chats|messages|emails|callbacks|videos|socialexpressions|cobrowsesessions|screenshares)';
const DETAIL_EVENTS =
  '(?:acd\\.start|acd\\.end|user\\.start|user\\.end|customer\\.start|customer\\.end|acw|wrapup|flow\\.start|flow\\.end|attributes|contact|voicemail\\.start|voicemail\\.end|outbound)';

const KNOWN_TOPICS: readonly RegExp[] = [
  new RegExp(`^v2\\.routing\\.queues\\.${ID}\\.conversations(?:\\.${MEDIA})?$`),
  new RegExp(`^v2\\.users\\.${ID}\\.(?:conversations(?:\\.${MEDIA})?|presence|routingStatus|activity)$`),
  new RegExp(`^v2\\.conversations\\.${ID}\\.transcription$`),
  new RegExp(`^v2\\.detail\\.events\\.conversation\\.${ID}\\.${DETAIL_EVENTS}$`),
  new RegExp(`^v2\\.analytics\\.queues\\.${ID}\\.observations$`),
];

/** The topic templates the emulator serves, as `GET /api/v2/notifications/availabletopics` lists them. */
export const AVAILABLE_TOPICS: readonly { id: string; description: string }[] = [
  { id: 'v2.routing.queues.{id}.conversations', description: 'Conversations on a queue (also .calls .chats .messages .emails .callbacks .videos)' },
  { id: 'v2.users.{id}.conversations', description: "A user's conversations (also per media type)" },
  { id: 'v2.users.{id}.presence', description: "A user's presence" },
  { id: 'v2.users.{id}.routingStatus', description: "A user's routing status" },
  { id: 'v2.users.{id}.activity', description: "A user's presence, routing status and active queues" },
  { id: 'v2.conversations.{id}.transcription', description: 'Speech transcription of a voice conversation' },
  { id: 'v2.detail.events.conversation.{id}.{event}', description: 'Conversation detail events: acd.start, acd.end, user.start, customer.end, acw, wrapup, ...' },
  { id: 'v2.analytics.queues.{id}.observations', description: 'Queue observation metrics, at most once a second' },
];

/** Genesys asks for topic ids under 200 characters. */
export const MAX_TOPIC_ID_LENGTH = 200;

const WELL_FORMED = /^v2(?:\.[0-9A-Za-z_-]+)+$/;

export type TopicExpansion =
  | { readonly ok: true; readonly concrete: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function checkConcrete(topic: string): string | undefined {
  if (!WELL_FORMED.test(topic)) return `malformed topic "${topic}": expected dot-separated segments starting with v2.`;
  if (topic.startsWith('v2.system.')) return `topic "${topic}" is a system topic; system topics arrive without subscribing.`;
  if (!KNOWN_TOPICS.some((re) => re.test(topic))) return `unknown topic "${topic}": no such notification topic.`;
  return undefined;
}

export function expandTopic(id: string): TopicExpansion {
  if (id.length === 0) return { ok: false, reason: 'malformed topic: empty id.' };
  if (id.length >= MAX_TOPIC_ID_LENGTH) return { ok: false, reason: `malformed topic: id is ${id.length} characters; the limit is under ${MAX_TOPIC_ID_LENGTH}.` };
  const q = id.indexOf('?');
  const concrete = q < 0 ? [id] : expandCombined(id.slice(0, q), id.slice(q + 1));
  if (concrete.length === 0) return { ok: false, reason: `malformed combined topic "${id}": expected prefix?a&b.` };
  for (const topic of concrete) {
    const problem = checkConcrete(topic);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, concrete };
}

function expandCombined(prefix: string, suffixes: string): string[] {
  const parts = suffixes.split('&');
  if (prefix === '' || parts.some((p) => p === '')) return [];
  return [...new Set(parts.map((part) => `${prefix}.${part}`))];
}
