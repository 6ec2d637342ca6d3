import { isAgentPurpose, isCustomerPurpose } from '../../model/conversation.js';
import { lesser, type ConversationFacts, type MediaFacts, type ParticipantFacts } from './facts.js';
import { NONE } from '../_lists.js';
import { memo } from './memo.js';
import { sortedIn } from './order.js';
import type { AgentHandle, QueueOutcome, QueueVisit } from './types.js';

/*
 * Derivations run for every change of a conversation: they loop over the few media of a
 * participant rather than spreading them into arrays, which allocated several arrays per visit.
 */
const firstConnected = (p: ParticipantFacts) => memo(p, 'firstConnected', deriveFirstConnected);
function deriveFirstConnected(p: ParticipantFacts): number | undefined {
  let t = p.connectedTime;
  for (const m of p.media) t = lesser(t, m.connectedTime);
  return t;
}
const firstDisconnected = (p: ParticipantFacts) => memo(p, 'firstDisconnected', deriveFirstDisconnected);
function deriveFirstDisconnected(p: ParticipantFacts): number | undefined {
  let t = p.endTime;
  for (const m of p.media) t = lesser(t, m.disconnectedTime);
  return t;
}
/** The earliest moment the participant is known to exist: alerting, connect, or its end. */
const firstSeen = (p: ParticipantFacts) => memo(p, 'firstSeen', deriveFirstSeen);
function deriveFirstSeen(p: ParticipantFacts): number | undefined {
  let t: number | undefined;
  for (const m of p.media) t = lesser(t, m.startAlertingTime);
  return lesser(lesser(lesser(t, firstConnected(p)), firstDisconnected(p)), p.userEnd?.time);
}

const OUTCOMES: Record<string, QueueOutcome> = { ANSWERED: 'answered', ABANDON: 'abandoned', FLOW_OUT: 'flowOut', FLOWOUT: 'flowOut' };

/**
 * Hold time from notifications: each hold runs from its `startHoldTime` to the first later
 * notification that showed the media not held, or to its disconnect. Genesys sends no hold end
 * time, so without `user.end` (which carries `heldDurationMs`) this is as close as snapshots get.
 */
export function heldFromSnapshots(m: MediaFacts): number {
  let total = 0;
  for (const start of m.holdStarts) {
    let end = m.disconnectedTime;
    for (const t of m.unheldAt) if (t > start && (end === undefined || t < end)) end = t;
    if (end !== undefined && end > start) total += end - start;
  }
  return total;
}

const isRealTransfer = (type: string | undefined) => type !== undefined && type.startsWith('transfer') && type !== 'transfer.noanswer' && type !== 'transfer.notavailable';

/** The agent's talk, hold, after-call work and handle time, as known so far (kept until the agent's facts change). */
export const agentDurations = (agent: ParticipantFacts) => memo(agent, 'durations', deriveDurations);

function deriveDurations(agent: ParticipantFacts) {
  // Talk is measured on the media connected last: for a callback, the call dialed back rather
  // than the callback offer it came from (as user.end measures it).
  let talking: MediaFacts | undefined;
  let anyDisconnected = agent.endTime;
  let heldSeen = 0;
  let acwStart = agent.startAcwTime;
  let acwEnd = agent.endAcwTime;
  let mediaDisconnectType: string | undefined;
  for (const m of agent.media) {
    if (m.connectedTime !== undefined && (talking === undefined || m.connectedTime > talking.connectedTime!)) talking = m;
    anyDisconnected = lesser(anyDisconnected, m.disconnectedTime);
    heldSeen += heldFromSnapshots(m);
    acwStart = lesser(acwStart, m.acwStart);
    acwEnd = lesser(acwEnd, m.acwEnd);
    mediaDisconnectType ??= m.disconnectType;
  }
  acwEnd = lesser(acwEnd, agent.acw?.time);
  const connected = talking?.connectedTime ?? firstConnected(agent);
  const disconnected = (talking === undefined ? agent.endTime : talking.disconnectedTime) ?? anyDisconnected;
  const held = agent.userEnd?.heldDurationMs ?? heldSeen;
  const talk = agent.userEnd?.interactingDurationMs ?? (connected !== undefined && disconnected !== undefined ? Math.max(0, disconnected - connected - held) : undefined);
  const acw = agent.acw?.durationMs ?? (acwStart !== undefined && acwEnd !== undefined ? acwEnd - acwStart : agent.wrapupDurationMs);
  // tHandle is emitted when after-call work is done; with no ACW to do, when the media ended.
  const handledAt = acwEnd ?? (agent.wrapupRequired !== true && acwStart === undefined ? disconnected : undefined);
  const extra = (agent.userEnd?.contactingDurationMs ?? 0) + (agent.userEnd?.dialingDurationMs ?? 0);
  const handle = handledAt !== undefined && talk !== undefined ? talk + held + (acw ?? 0) + extra : undefined;
  return { talk, held, acw, handledAt, handle, disconnectType: agent.userEnd?.disconnectType ?? mediaDisconnectType };
}

const alertOf = (agent: ParticipantFacts): number | undefined => memo(agent, 'alert', deriveAlert);

/**
 * Whether an agent's alert was withdrawn rather than left unanswered: the other party ended it
 * (`peer`: the customer hung up while it rang). Genesys emits tNotResponding only when an alert
 * times out or is declined (genesys-analytics.md §2), so such ring time is not counted there.
 */
function alertWithdrawn(agent: ParticipantFacts): boolean {
  if (agent.userEnd?.disconnectType !== undefined) return agent.userEnd.disconnectType === 'peer';
  for (const m of agent.media) if (m.disconnectType !== undefined) return m.disconnectType === 'peer';
  return false;
}

function deriveAlert(agent: ParticipantFacts): number | undefined {
  if (agent.userEnd?.alertingDurationMs !== undefined) return agent.userEnd.alertingDurationMs;
  let start: number | undefined;
  for (const m of agent.media) start = lesser(start, m.startAlertingTime);
  const end = lesser(firstConnected(agent), firstDisconnected(agent));
  return start !== undefined && end !== undefined ? end - start : undefined;
}

/**
 * Without `acd.end`: answered when an agent connected; else the ACD media's disconnect type says
 * who left (a transfer is a flow-out; the customer's hang-up shows as `peer`); with no type yet,
 * an abandon when the customer left at the queue exit.
 */
function deriveOutcome(facts: ConversationFacts, acd: ParticipantFacts, exit: number | undefined, answered: boolean): QueueOutcome | undefined {
  if (answered) return 'answered';
  if (exit === undefined) return undefined;
  let typed = false;
  for (const m of acd.media) {
    if (m.disconnectType === undefined) continue;
    if (m.disconnectType.startsWith('transfer')) return 'flowOut';
    typed = true;
  }
  if (typed) return 'abandoned';
  for (const p of facts.participants) {
    if (!isCustomerPurpose(p.purpose)) continue;
    const end = firstDisconnected(p);
    if (end !== undefined && end <= exit + 1000) return 'abandoned';
  }
  return 'flowOut';
}

/**
 * Whether Genesys counts an abandon in this media type (genesys-analytics.md §4): "emails cannot
 * be placed on hold or abandoned"; for web messaging "the concept of an abandoned interaction does
 * not apply", which `messageAbandons` may lift for every message visit (SMS and social are not documented).
 */
const abandonsIn = (mediaType: string, messageAbandons: boolean): boolean => (mediaType === 'email' ? false : mediaType === 'message' ? messageAbandons : true);

/** Every queue visit of the conversation, in entry order, with the metrics known so far. */
export function deriveVisits(facts: ConversationFacts, messageAbandons: boolean): readonly QueueVisit[] {
  // Made from the first visit (`[v]`): most conversations have one, and an array grown by push from empty reserves 17 slots.
  let visits: QueueVisit[] | undefined;
  for (const acd of facts.participants) {
    if (acd.purpose !== 'acd' || acd.queueId === undefined) continue;
    const v = deriveVisit(facts, acd, acd.queueId, messageAbandons);
    if (visits === undefined) visits = [v];
    else visits.push(v);
  }
  if (visits === undefined) return NONE;
  return visits.length < 2 ? visits : sortedIn(visits, (a, b) => (a.enteredAt ?? 0) - (b.enteredAt ?? 0) || (a.id < b.id ? -1 : 1));
}

/** Whether `agent`, connected at `at`, connected before `than` (connected at `thanAt`): earlier first; on a tie, the smaller participant id. */
const connectedBefore = (agent: ParticipantFacts, at: number, than: ParticipantFacts | undefined, thanAt: number) => than === undefined || at < thanAt || (at === thanAt && agent.id < than.id);

/** Time from `enteredAt` to `t`, when both are known. */
const sinceEntry = (t: number | undefined, enteredAt: number | undefined) => (t !== undefined && enteredAt !== undefined ? Math.max(0, t - enteredAt) : undefined);

function deriveVisit(facts: ConversationFacts, acd: ParticipantFacts, queueId: string, messageAbandons: boolean): QueueVisit {
  let enteredAt = lesser(acd.acdStart, acd.connectedTime);
  let exitedAt = lesser(acd.acdEnd?.time, acd.endTime);
  let mediaType: string | undefined;
  for (const m of acd.media) {
    mediaType ??= m.mediaType;
    enteredAt = lesser(enteredAt, m.connectedTime);
    exitedAt = lesser(exitedAt, m.disconnectedTime);
  }
  const reported = acd.acdEnd?.outcome === undefined ? undefined : OUTCOMES[acd.acdEnd.outcome.toUpperCase()];
  const answeredUserId = reported === 'answered' ? acd.acdEnd?.answeredUserId : undefined;
  // The agents of this queue seen during the visit: the first to connect answered it (or the
  // one acd.end names), and every one alerted adds ring time.
  // Two variables each, not an object per agent: this runs for every visit of every record.
  let first: ParticipantFacts | undefined;
  let firstAt = 0;
  let named: ParticipantFacts | undefined;
  let namedAt = 0;
  let alerted = 0;
  let tAlert = 0;
  let withdrawn = 0;
  let tWithdrawn = 0;
  for (const p of facts.participants) {
    if (!isAgentPurpose(p.purpose) || p.queueId !== queueId) continue;
    const seen = firstSeen(p);
    if (seen === undefined || (enteredAt !== undefined && seen < enteredAt) || (exitedAt !== undefined && seen > exitedAt)) continue;
    const alert = alertOf(p);
    if (alert !== undefined) alerted++, (tAlert += alert);
    const at = firstConnected(p);
    if (at === undefined) {
      if (alert !== undefined && alertWithdrawn(p)) withdrawn++, (tWithdrawn += alert);
      continue;
    }
    if (connectedBefore(p, at, first, firstAt)) (first = p), (firstAt = at);
    if (answeredUserId !== undefined && p.userId === answeredUserId && connectedBefore(p, at, named, namedAt)) (named = p), (namedAt = at);
  }
  const answeredBy = named ?? first;
  const said = reported ?? deriveOutcome(facts, acd, exitedAt, answeredBy !== undefined);
  // Where Genesys counts no abandon, the visit leaves the queue (at exitedAt) with no outcome:
  // offered, no longer waiting, and in no outcome's count or the service level's denominator.
  const outcome = said === 'abandoned' && !abandonsIn(mediaType ?? 'voice', messageAbandons) ? undefined : said;
  const answeredAt = outcome === 'answered' ? (answeredBy !== undefined ? firstConnected(answeredBy) : acd.acdEnd?.time) : undefined;
  // Ring time on agents who did not answer: all of it, less the answering agent's when answered
  // and less the alerts the customer withdrew (never the answerer's: it connected).
  const answererAlert = outcome === 'answered' && answeredBy !== undefined ? alertOf(answeredBy) : undefined;
  const notResponding = alerted - withdrawn - (answererAlert === undefined ? 0 : 1);
  const d = answeredBy !== undefined && outcome === 'answered' ? agentDurations(answeredBy) : undefined;
  const exit = outcome === 'answered' ? (answeredAt ?? exitedAt) : exitedAt;
  const tWait = outcome !== undefined && exitedAt !== undefined ? sinceEntry(exit, enteredAt) : undefined;
  const sinceExit = outcome === 'answered' ? sinceEntry(answeredAt, enteredAt) : sinceEntry(exitedAt, enteredAt);
  const handle = d?.handle;
  // One literal with every key (see record.ts): a visit has one shape, whatever is known of it.
  return {
    id: acd.id,
    queueId,
    mediaType: mediaType ?? 'voice',
    enteredAt,
    exitedAt: exit,
    outcome,
    outcomeSource: outcome === undefined ? undefined : reported !== undefined ? 'acd.end' : 'derived',
    answeredAt,
    answeredBy: answeredBy?.userId,
    tWait,
    tAnswered: outcome === 'answered' ? sinceExit : undefined,
    tAbandon: outcome === 'abandoned' ? sinceExit : undefined,
    tFlowOut: outcome === 'flowOut' ? sinceExit : undefined,
    tAlert: alerted > 0 ? tAlert : undefined,
    tNotResponding: notResponding > 0 ? tAlert - tWithdrawn - (answererAlert ?? 0) : undefined,
    tTalk: d?.talk,
    tHeld: d?.held,
    tAcw: d?.acw,
    tHandle: handle,
    handledAt: handle === undefined ? undefined : d?.handledAt,
    wrapupCode: answeredBy?.acw?.code ?? answeredBy?.wrapupCode,
    nTransferred: d !== undefined && isRealTransfer(d.disconnectType) ? 1 : 0,
  };
}

/**
 * Handle time per agent participant who connected: Genesys emits tHandle for every agent that
 * handled the interaction (a colleague who took over a consult counts too), in the agent's queue.
 */
export function deriveHandles(facts: ConversationFacts): readonly AgentHandle[] {
  let handles: AgentHandle[] | undefined;
  for (const agent of facts.participants) {
    if (!isAgentPurpose(agent.purpose) || agent.queueId === undefined || firstConnected(agent) === undefined) continue;
    const d = agentDurations(agent);
    if (d.handle === undefined || d.handledAt === undefined) continue;
    const h: AgentHandle = {
      participantId: agent.id,
      userId: agent.userId,
      queueId: agent.queueId,
      mediaType: firstTakenMediaType(agent),
      tTalk: d.talk,
      tHeld: d.held,
      tAcw: d.acw,
      tHandle: d.handle,
      handledAt: d.handledAt,
      nTransferred: isRealTransfer(d.disconnectType) ? 1 : 0,
    };
    if (handles === undefined) handles = [h];
    else handles.push(h);
  }
  if (handles === undefined) return NONE;
  return handles.length < 2 ? handles : sortedIn(handles, (a, b) => a.handledAt - b.handledAt || (a.participantId < b.participantId ? -1 : 1));
}

/**
 * The media the agent took first: Genesys counts a callback's handle as a callback although the
 * agent then dials out on a call. The order media were first seen is no guide: a conversation
 * picked up mid-way shows both at once, calls listed first.
 */
const firstTakenMediaType = (agent: ParticipantFacts): string => memo(agent, 'takenMediaType', deriveTakenMediaType);

function deriveTakenMediaType(agent: ParticipantFacts): string {
  let first: MediaFacts | undefined;
  for (const m of agent.media) {
    const t = m.connectedTime ?? Number.POSITIVE_INFINITY;
    const best = first?.connectedTime ?? Number.POSITIVE_INFINITY;
    if (first === undefined || t < best || (t === best && m.mediaType < first.mediaType)) first = m;
  }
  return first?.mediaType ?? 'voice';
}
