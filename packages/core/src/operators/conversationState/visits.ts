import type { ConversationFacts, MediaFacts, ParticipantFacts } from './facts.js';
import { memo } from './memo.js';
import type { AgentHandle, QueueOutcome, QueueVisit } from './types.js';

const AGENT_PURPOSES = new Set(['agent', 'user']);
const CUSTOMER_PURPOSES = new Set(['customer', 'external']);

const minOf = (...xs: (number | undefined)[]): number | undefined => {
  let m: number | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x < m)) m = x;
  return m;
};

const mediaList = (p: ParticipantFacts): MediaFacts[] => [...p.media.values()];
const firstConnected = (p: ParticipantFacts) => memo(p, 'firstConnected', (p) => minOf(p.connectedTime, ...mediaList(p).map((m) => m.connectedTime)));
const firstDisconnected = (p: ParticipantFacts) => memo(p, 'firstDisconnected', (p) => minOf(p.endTime, ...mediaList(p).map((m) => m.disconnectedTime)));
/** The earliest moment the participant is known to exist: alerting, connect, or its end. */
const firstSeen = (p: ParticipantFacts) => memo(p, 'firstSeen', (p) => minOf(...mediaList(p).map((m) => m.startAlertingTime), firstConnected(p), firstDisconnected(p), p.userEnd?.time));

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
  const media = mediaList(agent);
  // Talk is measured on the media connected last: for a callback, the call dialed back rather
  // than the callback offer it came from (as user.end measures it).
  const talking = media.filter((m) => m.connectedTime !== undefined).sort((a, b) => b.connectedTime! - a.connectedTime!)[0];
  const connected = talking?.connectedTime ?? firstConnected(agent);
  const disconnected = minOf(talking?.disconnectedTime, talking === undefined ? agent.endTime : undefined) ?? minOf(...media.map((m) => m.disconnectedTime), agent.endTime);
  const held = agent.userEnd?.heldDurationMs ?? media.reduce((s, m) => s + heldFromSnapshots(m), 0);
  const talk = agent.userEnd?.interactingDurationMs ?? (connected !== undefined && disconnected !== undefined ? Math.max(0, disconnected - connected - held) : undefined);
  const acwStart = minOf(agent.startAcwTime, ...media.map((m) => m.acwStart));
  const acwEnd = minOf(agent.endAcwTime, ...media.map((m) => m.acwEnd), agent.acw?.time);
  const acw = agent.acw?.durationMs ?? (acwStart !== undefined && acwEnd !== undefined ? acwEnd - acwStart : agent.wrapupDurationMs);
  // tHandle is emitted when after-call work is done; with no ACW to do, when the media ended.
  const handledAt = acwEnd ?? (agent.wrapupRequired !== true && acwStart === undefined ? disconnected : undefined);
  const extra = (agent.userEnd?.contactingDurationMs ?? 0) + (agent.userEnd?.dialingDurationMs ?? 0);
  const handle = handledAt !== undefined && talk !== undefined ? talk + held + (acw ?? 0) + extra : undefined;
  return { talk, held, acw, handledAt, handle, disconnectType: agent.userEnd?.disconnectType?.toLowerCase() ?? media.find((m) => m.disconnectType !== undefined)?.disconnectType };
}

const alertOf = (agent: ParticipantFacts): number | undefined => memo(agent, 'alert', deriveAlert);

function deriveAlert(agent: ParticipantFacts): number | undefined {
  if (agent.userEnd?.alertingDurationMs !== undefined) return agent.userEnd.alertingDurationMs;
  const media = mediaList(agent);
  const start = minOf(...media.map((m) => m.startAlertingTime));
  const end = minOf(firstConnected(agent), firstDisconnected(agent));
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
  const types = mediaList(acd).map((m) => m.disconnectType).filter((t): t is string => t !== undefined);
  if (types.some((t) => t.startsWith('transfer'))) return 'flowOut';
  if (types.length > 0) return 'abandoned';
  for (const p of facts.participants.values()) {
    if (!CUSTOMER_PURPOSES.has(p.purpose ?? '')) continue;
    const end = firstDisconnected(p);
    if (end !== undefined && end <= exit + 1000) return 'abandoned';
  }
  return 'flowOut';
}

/** Every queue visit of the conversation, in entry order, with the metrics known so far. */
export function deriveVisits(facts: ConversationFacts): QueueVisit[] {
  const all = [...facts.participants.values()];
  const visits: QueueVisit[] = [];
  for (const acd of all) {
    if (acd.purpose !== 'acd' || acd.queueId === undefined) continue;
    const media = mediaList(acd);
    const enteredAt = minOf(acd.acdStart, acd.connectedTime, ...media.map((m) => m.connectedTime));
    const exitedAt = minOf(acd.acdEnd?.time, acd.endTime, ...media.map((m) => m.disconnectedTime));
    const agents = all.filter((p) => {
      if (!AGENT_PURPOSES.has(p.purpose ?? '') || p.queueId !== acd.queueId) return false;
      const seen = firstSeen(p);
      return seen !== undefined && (enteredAt === undefined || seen >= enteredAt) && (exitedAt === undefined || seen <= exitedAt);
    });
    const connected = agents.filter((a) => firstConnected(a) !== undefined).sort((a, b) => firstConnected(a)! - firstConnected(b)! || (a.id < b.id ? -1 : 1));
    let answeredBy = connected[0];
    const reported = acd.acdEnd?.outcome === undefined ? undefined : OUTCOMES[acd.acdEnd.outcome.toUpperCase()];
    if (reported === 'answered' && acd.acdEnd?.answeredUserId !== undefined) answeredBy = connected.find((a) => a.userId === acd.acdEnd!.answeredUserId) ?? answeredBy;
    const outcome = reported ?? deriveOutcome(facts, acd, exitedAt, answeredBy !== undefined);
    const answeredAt = outcome === 'answered' ? (answeredBy !== undefined ? firstConnected(answeredBy) : acd.acdEnd?.time) : undefined;
    const since = (t: number | undefined) => (t !== undefined && enteredAt !== undefined ? Math.max(0, t - enteredAt) : undefined);
    const alerts = agents.map((a) => ({ a, ms: alertOf(a) })).filter((x) => x.ms !== undefined);
    const d = answeredBy !== undefined && outcome === 'answered' ? agentDurations(answeredBy) : undefined;
    const done = outcome !== undefined && exitedAt !== undefined;
    visits.push(
      strip({
        id: acd.id,
        queueId: acd.queueId,
        mediaType: media[0]?.mediaType ?? 'voice',
        enteredAt,
        exitedAt: outcome === 'answered' ? (answeredAt ?? exitedAt) : exitedAt,
        outcome,
        outcomeSource: outcome === undefined ? undefined : reported !== undefined ? 'acd.end' : 'derived',
        answeredAt,
        answeredBy: answeredBy?.userId,
        tWait: done ? since(outcome === 'answered' ? (answeredAt ?? exitedAt) : exitedAt) : undefined,
        tAnswered: outcome === 'answered' ? since(answeredAt) : undefined,
        tAbandon: outcome === 'abandoned' ? since(exitedAt) : undefined,
        tFlowOut: outcome === 'flowOut' ? since(exitedAt) : undefined,
        tAlert: alerts.length === 0 ? undefined : alerts.reduce((s, x) => s + x.ms!, 0),
        tNotResponding: sumOrUndefined(alerts.filter((x) => x.a !== answeredBy || outcome !== 'answered').map((x) => x.ms!)),
        tTalk: d?.talk,
        tHeld: d === undefined ? undefined : d.held,
        tAcw: d?.acw,
        tHandle: d?.handle,
        handledAt: d?.handle === undefined ? undefined : d.handledAt,
        wrapupCode: answeredBy?.acw?.code ?? answeredBy?.wrapupCode,
        nTransferred: d !== undefined && isRealTransfer(d.disconnectType) ? 1 : 0,
      }) as QueueVisit,
    );
  }
  return visits.sort((a, b) => (a.enteredAt ?? 0) - (b.enteredAt ?? 0) || (a.id < b.id ? -1 : 1));
}

/**
 * Handle time per agent participant who connected: Genesys emits tHandle for every agent that
 * handled the interaction (a colleague who took over a consult counts too), in the agent's queue.
 */
export function deriveHandles(facts: ConversationFacts): AgentHandle[] {
  const handles: AgentHandle[] = [];
  for (const agent of facts.participants.values()) {
    if (!AGENT_PURPOSES.has(agent.purpose ?? '') || agent.queueId === undefined || firstConnected(agent) === undefined) continue;
    const d = agentDurations(agent);
    if (d.handle === undefined || d.handledAt === undefined) continue;
    handles.push(
      strip({
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
      }) as AgentHandle,
    );
  }
  return handles.sort((a, b) => a.handledAt - b.handledAt || (a.participantId < b.participantId ? -1 : 1));
}

/**
 * The media the agent took first: Genesys counts a callback's handle as a callback although the
 * agent then dials out on a call. The order media were first seen is no guide: a conversation
 * picked up mid-way shows both at once, calls listed first.
 */
const firstTakenMediaType = (agent: ParticipantFacts): string => memo(agent, 'takenMediaType', deriveTakenMediaType);

function deriveTakenMediaType(agent: ParticipantFacts): string {
  let first: MediaFacts | undefined;
  for (const m of agent.media.values()) {
    const t = m.connectedTime ?? Number.POSITIVE_INFINITY;
    const best = first?.connectedTime ?? Number.POSITIVE_INFINITY;
    if (first === undefined || t < best || (t === best && m.mediaType < first.mediaType)) first = m;
  }
  return first?.mediaType ?? 'voice';
}

const sumOrUndefined = (xs: number[]) => (xs.length === 0 ? undefined : xs.reduce((s, x) => s + x, 0));

function strip<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
