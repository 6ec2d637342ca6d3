/** What the source does with a frame: pass it on, feed the watchdog, or act on it. */
export type FrameKind = 'data' | 'liveness' | 'system';

const FAST_PREFIX = '{"topicName":"';
const KEY = '"topicName"';

/**
 * Index of the first character of the topic name in the frame text, or -1. Genesys (and the
 * emulator) put `topicName` first, so this is normally one `startsWith`; other layouts fall back to
 * a scan. No JSON.parse: the source handles tens of thousands of frames a second.
 */
export function topicNameStart(text: string): number {
  if (text.startsWith(FAST_PREFIX)) return FAST_PREFIX.length;
  const key = text.indexOf(KEY);
  if (key < 0) return -1;
  let i = key + KEY.length;
  while (i < text.length && (text[i] === ' ' || text[i] === ':' || text[i] === '\n' || text[i] === '\t' || text[i] === '\r')) i++;
  return text[i] === '"' ? i + 1 : -1;
}

/** The topic name, sliced out of the text (only for frames the source acts on). */
export function topicNameOf(text: string, start = topicNameStart(text)): string | undefined {
  if (start < 0) return undefined;
  const end = text.indexOf('"', start);
  return end < 0 ? undefined : text.slice(start, end);
}

export function classifyFrame(text: string, start = topicNameStart(text)): FrameKind {
  if (start < 0) return 'data';
  if (text.startsWith('channel.metadata', start)) return 'liveness';
  if (text.startsWith('v2.system.', start)) return 'system';
  return 'data';
}

const QUEUE_PREFIX = 'v2.routing.queues.';
const CONVERSATIONS = 'conversations';

/**
 * Whether the frame is on `v2.routing.queues.{id}.conversations` or one of its per-media variants
 * (`.calls`, `.chats`, `.messages`, `.emails`, `.callbacks`, ...): where new conversations show up.
 */
export function isQueueConversationFrame(text: string, start: number): boolean {
  if (start < 0 || !text.startsWith(QUEUE_PREFIX, start)) return false;
  const idEnd = text.indexOf('.', start + QUEUE_PREFIX.length);
  if (idEnd < 0 || !text.startsWith(CONVERSATIONS, idEnd + 1)) return false;
  const after = text[idEnd + 1 + CONVERSATIONS.length];
  return after === '"' || after === '.';
}

/** The queue id of a frame `isQueueConversationFrame` accepted. */
export function queueIdOfFrame(text: string, start: number): string {
  return text.slice(start + QUEUE_PREFIX.length, text.indexOf('.', start + QUEUE_PREFIX.length));
}
