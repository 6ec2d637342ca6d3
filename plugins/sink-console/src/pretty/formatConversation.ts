import { isAgentPurpose, type GenesysEvent } from '@gcstream/core';
import type { ConversationMemory } from './conversationMemory.js';
import { viewParticipants, type MessageTally, type NameLookup, type ParticipantView } from './conversationView.js';
import { shortId, type Paint } from './style.js';

const STATE_COLOR: Record<string, Parameters<Paint>[0]> = {
  alerting: 'yellow',
  offering: 'yellow',
  contacting: 'yellow',
  dialing: 'yellow',
  waiting: 'yellow',
  connected: 'green',
  held: 'magenta',
  'wrap-up': 'blue',
  left: 'red',
};

/**
 * `Sales Queue  conv 3f2a…  customer +15551234 waiting · agent Ann Lee alerting (voice)`: only the
 * participants whose state changed since the last event of the conversation.
 */
export function formatConversation(event: GenesysEvent, memory: ConversationMemory, names: NameLookup, paint: Paint): string {
  const body = event.eventBody as { id?: unknown } | undefined;
  const conversationId = typeof body?.id === 'string' ? body.id : (event.ids[event.ids.length - 1] ?? '?');
  const participants = viewParticipants(event.eventBody, names);
  for (const p of participants) if (p.role === 'acd' && p.queueId && p.label && !p.label.startsWith(p.queueId.slice(0, 8))) memory.rememberQueue(p.queueId, p.label);
  const waiting = isWaiting(participants);
  const words = new Map<string, string>();
  const messages = new Map<string, MessageTally>();
  const wrappedUp = new Set<string>();
  for (const p of participants) {
    words.set(p.id, p.ended ? 'left' : p.role === 'customer' && waiting && p.state === 'connected' ? 'waiting' : p.state);
    if (p.messages) messages.set(p.id, p.messages);
    if (p.wrappedUp) wrappedUp.add(p.id);
  }
  const ended = participants.length > 0 && participants.every((p) => p.ended);
  const printed = memory.update(conversationId, { states: words, messages, wrappedUp, ended });
  const previous = printed.states;

  const changes: string[] = [];
  for (const p of participants) {
    if (p.role === 'acd') {
      // The queue is named at the start of the line; a new queue later on is a transfer.
      if (previous.size > 0 && !previous.has(p.id) && !p.ended) changes.push(`transferred to ${paint(['bold', 'magenta'], p.label || 'another queue')}`);
      continue;
    }
    const word = words.get(p.id)!;
    // What the participant's messages did since the last line: only for a participant printed before, whose earlier messages were told then.
    const messaging = previous.has(p.id) && p.messages ? messageNews(printed.messages.get(p.id), p.messages) : [];
    if (previous.get(p.id) === word) {
      // A wrap-up that came without a change of state (an agent who left by transfer, wrapping up later).
      if (p.wrappedUp && previous.size > 0 && !printed.wrappedUp.has(p.id)) messaging.unshift(paint(STATE_COLOR['wrap-up']!, 'wrap-up done'));
      if (messaging.length > 0) changes.push(`${who(p, paint)}${messaging.join(', ')}`);
      continue;
    }
    const detail = p.ended ? (p.disconnectType ? ` (${p.disconnectType})` : '') : p.role !== 'customer' && p.media ? ` (${p.media})` : '';
    changes.push(`${who(p, paint)}${[`${paint(STATE_COLOR[word] ?? 'white', word)}${detail}`, ...messaging].join(', ')}`);
  }
  if (ended && !printed.ended) changes.push(paint('dim', 'ended'));

  const queue = queueLabel(event, participants, names);
  const parts = [queue ? paint(['bold', 'magenta'], queue) : undefined, paint('dim', `conv ${shortId(conversationId)}`), changes.length ? changes.join(' · ') : paint('dim', unchanged(event, participants, names))];
  return parts.filter((p): p is string => p !== undefined).join('  ');
}

/**
 * `sent a message`, `2 messages delivered`, `message read`: what a messaging participant's list
 * gained since `before` (a notification that only adds a message or a receipt changes no state).
 */
function messageNews(before: MessageTally | undefined, now: MessageTally): string[] {
  const news: string[] = [];
  const count = (n: number, what: string) => (n === 1 ? `message ${what}` : `${n} messages ${what}`);
  const sent = now.count - (before?.count ?? 0);
  if (sent > 0) news.push(sent === 1 ? 'sent a message' : `sent ${sent} messages`);
  const delivered = now.delivered - (before?.delivered ?? 0);
  if (delivered > 0) news.push(count(delivered, 'delivered'));
  const read = now.read - (before?.read ?? 0);
  if (read > 0) news.push(count(read, 'read'));
  return news;
}

/** `agent Ann Lee ` (role, then the name when known), to start a participant's change. */
const who = (p: ParticipantView, paint: Paint) => `${p.role} ${p.label ? `${paint('bold', p.label)} ` : ''}`;

/** The customer is waiting when a queue holds the conversation and no agent is connected yet. */
function isWaiting(participants: readonly ParticipantView[]): boolean {
  const inQueue = participants.some((p) => p.role === 'acd' && !p.ended);
  const agentConnected = participants.some((p) => isAgentPurpose(p.role) && p.state === 'connected');
  return inQueue && !agentConnected;
}

/**
 * `no change`, and why when it can tell: Genesys sends a conversation that went through several
 * queues on each of those queues' topics, so the same notification comes once per queue.
 */
function unchanged(event: GenesysEvent, participants: readonly ParticipantView[], names: NameLookup): string {
  const topicQueue = event.topicName.startsWith('v2.routing.queues.') ? event.ids[0] : undefined;
  const queues = new Set(participants.flatMap((p) => (p.role === 'acd' && p.queueId ? [p.queueId] : [])));
  if (topicQueue === undefined || queues.size < 2 || !queues.has(topicQueue)) return 'no change';
  return `no change (the same update, sent again on ${names.queueName(topicQueue) ?? `queue ${shortId(topicQueue)}`}'s topic)`;
}

function queueLabel(event: GenesysEvent, participants: readonly ParticipantView[], names: NameLookup): string | undefined {
  const acd = participants.findLast((p) => p.role === 'acd');
  if (acd?.label) return acd.label;
  const queueId = participants.find((p) => p.queueId)?.queueId ?? (event.topicName.startsWith('v2.routing.queues.') ? event.ids[0] : undefined);
  if (!queueId) return undefined;
  return names.queueName(queueId) ?? `queue ${shortId(queueId)}`;
}
