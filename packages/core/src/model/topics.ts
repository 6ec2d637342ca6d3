import type { EventFamily } from './events.js';
import { hashStateAfter, type HashState } from './eventKey.js';
import { TopicCache } from './topicCache.js';

/** What a concrete Genesys topic name says about the events on it. */
export interface TopicClassification {
  /** The pattern, ids replaced by `{id}`: `v2.routing.queues.{id}.conversations.calls`. */
  readonly topic: string;
  readonly family: EventFamily;
  /** The ids found in the topic name, in order of appearance. */
  readonly ids: readonly string[];
}

/**
 * Words after which Genesys puts a resource id (`v2.users.<id>`, `v2.detail.events.conversation.<id>`).
 * Only the first one in a topic counts, so `v2.users.<id>.conversations.calls` keeps `calls`.
 */
const COLLECTIONS = new Set([
  'queues',
  'users',
  'conversations',
  'conversation',
  'no_longer_subscribed',
  'token_revoked',
  'groups',
  'flows',
  'campaigns',
  'contactlists',
  'teams',
  'stations',
  'workforcemanagement',
  'managementunits',
  'businessunits',
  'organizations',
]);

/** Per-media conversation topics: `v2.routing.queues.{id}.conversations.calls`. */
const MEDIA = new Set(['calls', 'chats', 'messages', 'emails', 'callbacks', 'videos', 'cobrowsesessions', 'screenshares', 'socialexpressions']);

const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** A UUID in the 8-4-4-4-12 form, checked by character codes: no regex on the hot path. */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (c >= 128 || HEX[c] !== 1) return false;
  }
  return true;
}

/** True when a segment holds anything but letters and `_`: a word like `routingStatus` is never an id. */
function hasNonWordChar(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!letter) return true;
  }
  return false;
}

function familyOf(segments: readonly string[], idAt: readonly boolean[]): EventFamily {
  const n = segments.length;
  const first = segments[0];
  if (first === 'channel') return 'system';
  if (first !== 'v2' || n < 2) return 'unknown';
  const second = segments[1];
  if (second === 'system') return 'system';
  if (second === 'detail') return segments[2] === 'events' ? 'detail' : 'unknown';
  const last = segments[n - 1]!;
  if (second === 'analytics') return last === 'observations' ? 'observation' : 'unknown';
  if (last === 'transcription') return 'transcription';
  if (second === 'users' && n === 4 && idAt[2]) {
    if (last === 'presence') return 'presence';
    if (last === 'routingStatus') return 'routing-status';
    if (last === 'activity') return 'activity';
  }
  if (last === 'conversations' && idAt[n - 2]) return 'conversation';
  if (n >= 2 && segments[n - 2] === 'conversations' && MEDIA.has(last) && idAt[n - 3]) return 'conversation';
  return 'unknown';
}

/** Classifies without the cache; exported for tests and tools. */
export function classifyTopicUncached(topicName: string): TopicClassification {
  // Combined subscriptions (`v2.users.<id>?presence&routingStatus`) never reach a socket as
  // topic names, but a user may paste one into a filter: classify the part before `?`.
  const q = topicName.indexOf('?');
  const name = q === -1 ? topicName : topicName.slice(0, q);
  const segments = name.split('.');
  const idAt: boolean[] = new Array(segments.length).fill(false);
  const ids: string[] = [];
  const pattern: string[] = [];
  let sawCollection = false;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    let isId = isUuid(seg);
    if (!isId && !sawCollection && i > 0 && COLLECTIONS.has(segments[i - 1]!) && hasNonWordChar(seg)) {
      isId = true;
    }
    if (isId) {
      sawCollection = true;
      idAt[i] = true;
      ids.push(seg);
      pattern.push('{id}');
    } else {
      pattern.push(seg);
    }
  }
  return Object.freeze({ topic: pattern.join('.'), family: familyOf(segments, idAt), ids: Object.freeze(ids) });
}

/** Topic names per pipeline are bounded by its subscriptions (20 channels x 1000 topics). */
const DEFAULT_CACHE_SIZE = 20_000;
const MAX_CACHED_NAME_LENGTH = 512;

/** What decode needs of a topic name: its classification, and the dedupe hash's state after it. */
export interface DecodedTopic {
  readonly classification: TopicClassification;
  readonly afterTopic: HashState;
}

const decodeTopic = (name: string): DecodedTopic => ({ classification: classifyTopicUncached(name), afterTopic: hashStateAfter(name) });

/** A cache of `DecodedTopic`s with a size bound; the oldest name leaves first. */
function createTopicLookup(maxEntries: number): (topicName: string) => DecodedTopic {
  const cache = new TopicCache(maxEntries, decodeTopic);
  // Real topic names stay under ~200 characters; a longer one is garbage and must not pin memory.
  return (topicName) => (topicName.length > MAX_CACHED_NAME_LENGTH ? decodeTopic(topicName) : cache.get(topicName).value);
}

/** A topicName -> classification cache with a size bound; the oldest entry leaves first. */
export function createTopicClassifier(maxEntries: number = DEFAULT_CACHE_SIZE): (topicName: string) => TopicClassification {
  const lookup = createTopicLookup(maxEntries);
  return (topicName) => lookup(topicName).classification;
}

/** `classifyTopic` and `hashStateAfter` of a topic name, from one cache lookup per frame: what decode reads. */
export const decodedTopic: (topicName: string) => DecodedTopic = createTopicLookup(DEFAULT_CACHE_SIZE);

/**
 * Classifies a concrete topic name: its pattern, family and ids. Cached (in the cache decode
 * reads), so the hot path costs one lookup per frame.
 */
export const classifyTopic = (topicName: string): TopicClassification => decodedTopic(topicName).classification;
