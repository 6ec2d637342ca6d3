import type { Directory, GenesysEvent } from '@gcstream/core';
import { ConversationMemory } from './conversationMemory.js';
import type { NameLookup } from './conversationView.js';
import { formatConversation } from './formatConversation.js';
import { derivedKind, formatDerived, type DerivedContext } from './formatDerived.js';
import { clock, shortId, type Paint } from './style.js';

export interface PrettyOptions {
  readonly paint: Paint;
  readonly timeZone: 'local' | 'utc';
  readonly maxConversations: number;
  /** Queue and user names from the source's discovery; lines fall back to short ids without it. */
  readonly directory?: Directory;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Builds the pretty formatter: one line per event, with a memory of conversations for change summaries. */
export function createPrettyFormatter(options: PrettyOptions): (event: GenesysEvent) => string {
  const { paint, timeZone } = options;
  const memory = new ConversationMemory(options.maxConversations);
  const { directory } = options;
  // One lookup for every family: names seen on queue participants first, then the source's directory.
  const names: NameLookup = {
    queueName: (id) => memory.queueName(id) ?? directory?.queueName(id),
    userName: (id) => directory?.userName(id),
  };
  const queueOf = (id: string | undefined) => (id ? (names.queueName(id) ?? `queue ${shortId(id)}`) : 'queue ?');
  const userOf = (id: string | undefined) => (id ? (names.userName(id) ?? `user ${shortId(id)}`) : 'user ?');

  const derived: DerivedContext = { names, paint, timeZone };

  const describe = (event: GenesysEvent): string => {
    const body = obj(event.eventBody);
    switch (event.family) {
      case 'conversation':
        return formatConversation(event, memory, names, paint);
      case 'transcription': {
        const conv = `conv ${shortId(str(body.conversationId) ?? event.ids[0])}`;
        const status = str(obj(body.status).status);
        const transcripts = Array.isArray(body.transcripts) ? body.transcripts.map(obj) : [];
        const said = transcripts.flatMap((t) => {
          const text = str(obj(Array.isArray(t.alternatives) ? t.alternatives[0] : undefined).transcript);
          return text ? [`${t.channel === 'INTERNAL' ? 'agent' : 'customer'}: "${text}"`] : [];
        });
        return [paint('dim', conv), said.join(' · ') || paint('dim', status === 'SESSION_ENDED' ? 'session ended' : (status ?? 'no text'))].join('  ');
      }
      case 'detail': {
        const conversationId = str(body.conversationId) ?? event.ids[0];
        const kind = conversationId ? event.topicName.slice(event.topicName.indexOf(conversationId) + conversationId.length + 1) : event.topicName;
        const extras = [str(body.mediaType)?.toLowerCase(), str(body.direction)?.toLowerCase(), str(body.acdOutcome)?.toLowerCase(), str(body.disconnectType)?.toLowerCase()].filter(Boolean);
        return [paint('bold', kind), paint('dim', `conv ${shortId(conversationId)}`), str(body.queueId) ? paint('magenta', queueOf(str(body.queueId))) : undefined, extras.join(' ')]
          .filter((p) => p)
          .join('  ');
      }
      case 'observation': {
        const group = obj(body.group);
        const metrics = (Array.isArray(body.data) ? body.data : []).flatMap((d) =>
          (Array.isArray(obj(d).metrics) ? (obj(d).metrics as unknown[]) : []).map((m) => {
            const stats = obj(obj(m).stats);
            const value = stats.count ?? stats.ratio ?? stats.sum;
            return `${str(obj(m).metric) ?? '?'} ${typeof value === 'number' ? Math.round(value * 100) / 100 : '?'}`;
          }),
        );
        return [paint(['bold', 'magenta'], queueOf(str(group.queueId) ?? event.ids[0])), str(group.mediaType), metrics.join(' · ')].filter(Boolean).join('  ');
      }
      case 'presence':
        return `${userOf(event.ids[0])}  ${paint('bold', str(obj(body.presenceDefinition).systemPresence) ?? '?')}${str(body.message) ? `  "${str(body.message)}"` : ''}`;
      case 'routing-status':
        return `${userOf(event.ids[0])}  ${paint('bold', str(obj(body.routingStatus).status) ?? '?')}`;
      case 'activity': {
        const routing = str(obj(body.routingStatus).status);
        const presence = str(obj(obj(body.presence).presenceDefinition).systemPresence);
        return `${userOf(event.ids[0])}  ${[routing, presence].filter(Boolean).join(' · ') || '?'}`;
      }
      default:
        return event.topicName;
    }
  };

  return (event) => {
    // gcstream's own records (queue metrics, breaches, conversation records, window results) come as family `unknown`.
    const own = event.family === 'unknown' ? derivedKind(event) : undefined;
    const family = own ?? (event.family === 'routing-status' ? 'routing' : event.family === 'transcription' ? 'transcript' : event.family);
    let text: string;
    try {
      text = own === undefined ? describe(event) : formatDerived(own, event, derived);
    } catch {
      // A body shaped in a way this formatter did not foresee still gets its line.
      text = event.topicName;
    }
    return `${paint('dim', clock(event.eventTime, timeZone))} ${paint('cyan', family.padEnd(12))} ${text}`;
  };
}
