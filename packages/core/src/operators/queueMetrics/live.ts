import { isAgentPurpose } from '../../model/conversation.js';
import { toEpochMs } from '../../model/schemas/eventTime.js';
import type { ConversationRecord, ParticipantSummary } from '../conversationState/types.js';
import { NONE } from '../_lists.js';
import { ScratchLive, type ConversationLive } from './conversationLive.js';

type Loose = Record<string, unknown>;

/**
 * `queueId|mediaType`, the same string each time it is asked for: every record names its queues,
 * and a key built anew per visit had to be allocated and hashed before each lookup. Bounded, so
 * a feed of made-up queue ids cannot grow it without end.
 */
const keyCache = new Map<string, Map<string, string>>();
const keyQueue = new Map<string, string>();
export function queueMediaKey(queueId: string, mediaType: string): string {
  let byMedia = keyCache.get(queueId);
  if (byMedia === undefined) {
    if (keyCache.size >= 10_000) keyCache.clear();
    keyCache.set(queueId, (byMedia = new Map()));
  }
  let key = byMedia.get(mediaType);
  if (key === undefined) {
    if (keyQueue.size >= 100_000) keyQueue.clear();
    byMedia.set(mediaType, (key = `${queueId}|${mediaType}`));
    keyQueue.set(key, queueId);
  }
  return key;
}

/** What the live board reads of a conversation record. */
export type LiveRecord = Pick<ConversationRecord, 'conversationId' | 'kind' | 'visits' | 'participants'>;

/** A queue's agent: the participants whose media the live board counts. */
const isQueueAgent = (p: ParticipantSummary): p is ParticipantSummary & { readonly queueId: string } => isAgentPurpose(p.purpose) && p.queueId !== undefined;

/** Which of the live board's counts a queue agent's medium in this state adds to: alerting, interacting, or neither. */
const liveCount = (state: string): 'alerting' | 'interacting' | undefined => (state === 'alerting' ? 'alerting' : state === 'connected' ? 'interacting' : undefined);

/** A queue agent with a medium alerting or connected: a participant the live board counts. */
const countsLive = (p: ParticipantSummary): boolean => {
  if (!isQueueAgent(p)) return false;
  for (const m of p.media) if (liveCount(m.state) !== undefined) return true;
  return false;
};

/** The participants of a record the live board counts (most records have none, or one). */
export function liveParticipants(participants: readonly ParticipantSummary[]): readonly ParticipantSummary[] {
  let live: ParticipantSummary[] | undefined;
  for (const p of participants) if (countsLive(p)) (live ??= []).push(p);
  return live ?? NONE;
}

/**
 * Routing statuses in capitals, as Genesys writes them nearly always: the text itself when it has
 * no lower-case letter, instead of a new string for every observation and status change.
 */
function upper(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || (c >= 97 && c <= 122)) return text.toUpperCase();
  }
  return text;
}

/** `queueId` of a `queueId|mediaType` key from `queueMediaKey`. */
export function queueIdOfKey(key: string): string {
  return keyQueue.get(key) ?? key.slice(0, key.indexOf('|'));
}

/** The live numbers of one queue and media type. */
interface Totals {
  /** Conversation id → entry times of its visits waiting here. */
  readonly waiting: Map<string, number[]>;
  /** The number of those entry times. */
  nWaiting: number;
  alerting: number;
  interacting: number;
}

/** Genesys's own observation of a queue and media type, which wins over the derivation. */
interface Observed {
  waiting?: number;
  interacting?: number;
  alerting?: number;
  longestWaitingSince?: number;
  agents?: Record<string, number>;
  target?: number;
  at: number;
}

/** Two lists of queue ids (either unknown) say the same, in the same order. */
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/** Two observations' agents by routing status say the same. */
function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  for (const status in a) if (a[status] !== b[status]) return false;
  for (const status in b) if (!(status in a)) return false;
  return true;
}

/**
 * Waiting, alerting and interacting per queue and media type: derived from conversation records
 * (each conversation's part replaced on every record, removed at its final record), and taken
 * from `v2.analytics.queues.{id}.observations` instead when those arrive. Agents by routing
 * status come from observations, or from routing-status and activity topics.
 */
export class LiveBoard {
  private readonly byConversation = new Map<string, ConversationLive>();
  private readonly observed = new Map<string, Observed>();
  /** Observations of routing statuses come per queue, without a media type. */
  private readonly observedAgents = new Map<string, Record<string, number>>();
  private readonly userStatus = new Map<string, string>();
  private readonly userQueues = new Map<string, readonly string[]>();
  /**
   * The queues each user was seen alerted or connected on: where a user whose routing status
   * comes without active queues (`v2.users.{id}.routingStatus`) is counted. Bounded by the org's
   * users and queues.
   */
  private readonly seenQueues = new Map<string, string[]>();
  private readonly scratch = new ScratchLive();

  /** Totals per queue|media, kept in step with `byConversation` so a read costs no scan. */
  private readonly totals = new Map<string, Totals>();
  /** queueId → user id → conversations that have the agent busy on the queue: the derived routing status. */
  private readonly busy = new Map<string, Map<string, number>>();

  private total(key: string) {
    let t = this.totals.get(key);
    if (t === undefined) this.totals.set(key, (t = { waiting: new Map(), nWaiting: 0, alerting: 0, interacting: 0 }));
    return t;
  }

  /** Adds (`sign` 1) or takes back (-1) a conversation's visits waiting. */
  private applyWaiting(id: string, keys: readonly string[], at: readonly number[], sign: 1 | -1): void {
    for (let i = 0; i < keys.length; i++) {
      const t = this.total(keys[i]!);
      if (sign === 1) {
        const entries = t.waiting.get(id);
        if (entries === undefined) t.waiting.set(id, [at[i]!]);
        else entries.push(at[i]!);
      } else t.waiting.delete(id);
      t.nWaiting += sign;
    }
  }

  private applyAlerting(keys: readonly string[], sign: 1 | -1): void {
    for (const key of keys) this.total(key).alerting += sign;
  }

  private applyInteracting(keys: readonly string[], sign: 1 | -1): void {
    for (const key of keys) this.total(key).interacting += sign;
  }

  private applyBusy(busy: readonly string[], sign: 1 | -1): void {
    for (let i = 0; i < busy.length; i += 2) {
      const queueId = busy[i]!;
      const user = busy[i + 1]!;
      let byUser = this.busy.get(queueId);
      if (byUser === undefined) this.busy.set(queueId, (byUser = new Map()));
      if (sign === 1) this.seenOn(user, queueId);
      const n = (byUser.get(user) ?? 0) + sign;
      if (n <= 0) byUser.delete(user);
      else byUser.set(user, n);
    }
  }

  private seenOn(user: string, queueId: string): void {
    const queues = this.seenQueues.get(user);
    if (queues === undefined) this.seenQueues.set(user, [queueId]);
    else if (!queues.includes(queueId)) queues.push(queueId);
  }

  private apply(id: string, live: ConversationLive, sign: 1 | -1): void {
    this.applyWaiting(id, live.waitingKeys, live.waitingAt, sign);
    this.applyAlerting(live.alerting, sign);
    this.applyInteracting(live.interacting, sign);
    this.applyBusy(live.busy, sign);
  }

  /**
   * Replaces a conversation's live part; calls `touched` with each queue|media key it had or has
   * (a key may come more than once).
   */
  applyRecord(record: LiveRecord, touched: (key: string) => void): void {
    const id = record.conversationId;
    const before = this.byConversation.get(id);
    if (before !== undefined) {
      for (const key of before.waitingKeys) touched(key);
      for (const key of before.alerting) touched(key);
      for (const key of before.interacting) touched(key);
    }
    if (record.kind === 'final') {
      if (before !== undefined) {
        this.apply(id, before, -1);
        this.byConversation.delete(id);
      }
      return;
    }
    const live = this.scratch;
    live.clear();
    for (const v of record.visits) {
      if (v.exitedAt !== undefined || v.enteredAt === undefined) continue;
      const key = queueMediaKey(v.queueId, v.mediaType);
      live.waitingKeys.push(key);
      live.waitingAt.push(v.enteredAt);
      touched(key);
    }
    const sameWaiting = before !== undefined && live.waitingKeys.same(before.waitingKeys) && live.waitingAt.same(before.waitingAt);
    for (const p of record.participants) {
      if (!isQueueAgent(p)) continue;
      for (const m of p.media) {
        const count = liveCount(m.state);
        if (count === undefined) continue;
        const into = count === 'alerting' ? live.alerting : live.interacting;
        const key = queueMediaKey(p.queueId, m.mediaType);
        into.push(key);
        touched(key);
        if (p.userId !== undefined) live.busy.push(p.queueId), live.busy.push(p.userId);
      }
    }
    if (before === undefined) {
      const kept = live.kept();
      this.apply(id, kept, 1);
      this.byConversation.set(id, kept);
      return;
    }
    // Only the lists that changed are taken back and added again, in place: a record changes one
    // or two of them, and taking back and re-adding the same agents churned the maps by user.
    if (!sameWaiting) {
      this.applyWaiting(id, before.waitingKeys, before.waitingAt, -1);
      (before.waitingKeys = live.waitingKeys.kept()), (before.waitingAt = live.waitingAt.kept());
      this.applyWaiting(id, before.waitingKeys, before.waitingAt, 1);
    }
    if (!live.alerting.same(before.alerting)) {
      this.applyAlerting(before.alerting, -1);
      this.applyAlerting((before.alerting = live.alerting.kept()), 1);
    }
    if (!live.interacting.same(before.interacting)) {
      this.applyInteracting(before.interacting, -1);
      this.applyInteracting((before.interacting = live.interacting.kept()), 1);
    }
    if (!live.busy.same(before.busy)) {
      this.applyBusy(before.busy, -1);
      this.applyBusy((before.busy = live.busy.kept()), 1);
    }
  }

  /**
   * Reads a queue observation; returns the queue|media key when it carried live numbers, and
   * calls `agentsChanged` with the queue when it changed its agents by routing status. Those come
   * in a group without a media type, and are shown on each of the queue's media types' records.
   */
  applyObservation(body: Loose, at: number, agentsChanged?: (queueId: string) => void): string | undefined {
    const group = (body.group ?? {}) as Loose;
    const queueId = typeof group.queueId === 'string' ? group.queueId : undefined;
    if (queueId === undefined) return undefined;
    const mediaType = typeof group.mediaType === 'string' ? group.mediaType : undefined;
    // Read into locals, not an object per observation: one is made only for a queue and media type seen first.
    let waiting: number | undefined;
    let interacting: number | undefined;
    let alerting: number | undefined;
    let longestWaitingSince: number | undefined;
    let agents: Record<string, number> | undefined;
    let target: number | undefined;
    let any = false;
    for (const entry of (body.data ?? []) as Loose[]) {
      for (const m of (entry.metrics ?? []) as Loose[]) {
        const metric = m.metric;
        // Only observations (`o…`) are read; an interval's totals (`t…`, `n…`), about half the
        // metrics of a Genesys observation, are passed over before their stats are looked at.
        if (typeof metric !== 'string' || metric.charCodeAt(0) !== 111 /* o */) continue;
        const stats = (m.stats ?? {}) as Loose;
        const count = typeof stats.count === 'number' ? stats.count : undefined;
        switch (metric) {
          case 'oWaiting':
            (waiting = count), (any = true);
            break;
          case 'oInteracting':
            (interacting = count), (any = true);
            break;
          case 'oAlerting':
            (alerting = count), (any = true);
            break;
          case 'oLongestWaiting':
            longestWaitingSince = toEpochMs(stats.calculatedMetricValue);
            any = true;
            break;
          case 'oUserRoutingStatuses':
            if (typeof m.qualifier === 'string' && count !== undefined) (agents ??= {})[upper(m.qualifier)] = count;
            break;
          case 'oServiceLevel':
            if (typeof stats.target === 'number') target = stats.target;
            break;
        }
      }
    }
    if (agents !== undefined) {
      const before = this.observedAgents.get(queueId);
      this.observedAgents.set(queueId, agents);
      if (before === undefined || !sameCounts(before, agents)) agentsChanged?.(queueId);
    }
    if (mediaType === undefined) return undefined;
    const key = queueMediaKey(queueId, mediaType);
    // Updated in place: what this observation did not carry stays as the last one said.
    const kept = this.observed.get(key);
    if (kept === undefined) this.observed.set(key, { waiting, interacting, alerting, longestWaitingSince, agents, target, at });
    else {
      if (waiting !== undefined) kept.waiting = waiting;
      if (interacting !== undefined) kept.interacting = interacting;
      if (alerting !== undefined) kept.alerting = alerting;
      if (longestWaitingSince !== undefined) kept.longestWaitingSince = longestWaitingSince;
      if (agents !== undefined) kept.agents = agents;
      if (target !== undefined) kept.target = target;
      kept.at = at;
    }
    return any || target !== undefined ? key : undefined;
  }

  /**
   * A user's routing status (`v2.users.{id}.routingStatus` or `.activity`), and their active queues
   * when known. Returns the queues whose agent counts it may have changed: every queue (`all`) for
   * the first routing status (agents are counted by status from then on, no longer as who is
   * busy), else the queues the user counted on before and after, less those whose agents Genesys
   * observes (an observation's counts win). Re-emitting every queue for each status change sent
   * each queue's records again several times a second, unchanged.
   */
  applyUser(userId: string, status: string | undefined, activeQueueIds: readonly string[] | undefined): readonly string[] | 'all' {
    const first = status !== undefined && this.userStatus.size === 0;
    const statusBefore = this.userStatus.get(userId);
    const queuesBefore = this.countedOn(userId);
    if (status !== undefined) this.userStatus.set(userId, upper(status));
    if (activeQueueIds !== undefined) this.userQueues.set(userId, activeQueueIds);
    if (first) return 'all';
    const statusAfter = this.userStatus.get(userId);
    const queuesAfter = this.countedOn(userId);
    if (statusAfter === statusBefore && sameList(queuesBefore, queuesAfter)) return NONE;
    const changed: string[] = [];
    // A user without a status was counted nowhere: their queues before changed nothing.
    if (statusBefore !== undefined) for (const q of queuesBefore ?? NONE) if (!this.observedAgents.has(q)) changed.push(q);
    if (statusAfter !== undefined) for (const q of queuesAfter ?? NONE) if (!this.observedAgents.has(q) && !changed.includes(q)) changed.push(q);
    return changed;
  }

  /** The queues a user's routing status counts on: their active queues, else those they were seen working. */
  private countedOn(userId: string): readonly string[] | undefined {
    return this.userQueues.get(userId) ?? this.seenQueues.get(userId);
  }

  target(key: string): number | undefined {
    return this.observed.get(key)?.target;
  }

  /** Whether Genesys's observation of the key (not the derivation) gives its live numbers. */
  private observation(key: string): Observed | undefined {
    const obs = this.observed.get(key);
    return obs !== undefined && (obs.waiting !== undefined || obs.interacting !== undefined) ? obs : undefined;
  }

  /** Since when the longest-waiting interaction of the key has waited; undefined with none waiting. */
  private waitingSince(key: string, obs: Observed | undefined): number | undefined {
    // Nothing waiting has no longest wait: an observation of none carries no oLongestWaiting, so
    // the one kept from an earlier observation would go on growing.
    if (obs?.waiting === 0) return undefined;
    if (obs?.longestWaitingSince !== undefined) return obs.longestWaitingSince;
    const t = this.totals.get(key);
    let oldest: number | undefined;
    if (t !== undefined) for (const entries of t.waiting.values()) for (const at of entries) if (oldest === undefined || at < oldest) oldest = at;
    return oldest;
  }

  /** Calls `visit` with each queue|media key something waits in, and since when its longest has waited. */
  forEachWaiting(visit: (key: string, since: number) => void): void {
    for (const key of this.totals.keys()) {
      const since = this.waitingSince(key, this.observation(key));
      if (since !== undefined) visit(key, since);
    }
    for (const key of this.observed.keys()) {
      if (this.totals.has(key)) continue;
      const since = this.waitingSince(key, this.observation(key));
      if (since !== undefined) visit(key, since);
    }
  }

  snapshot(queueId: string, mediaType: string, now: number) {
    const key = queueMediaKey(queueId, mediaType);
    const t = this.totals.get(key);
    const waiting = t?.nWaiting ?? 0;
    const alerting = t?.alerting ?? 0;
    const interacting = t?.interacting ?? 0;
    const obs = this.observation(key);
    const useObs = obs !== undefined;
    const since = this.waitingSince(key, obs);
    return {
      waiting: useObs ? (obs.waiting ?? waiting) : waiting,
      interacting: useObs ? (obs.interacting ?? interacting) : interacting,
      alerting: useObs ? (obs.alerting ?? alerting) : alerting,
      longestWaitMs: since === undefined ? null : Math.max(0, now - since),
      agents: this.agents(queueId),
      source: useObs ? ('observation' as const) : ('derived' as const),
      asOf: now,
    };
  }

  /**
   * Observations first; then routing-status and activity topics; with neither subscribed, the
   * agents seen alerted or connected on the queue's conversations, as INTERACTING.
   */
  private agents(queueId: string): Record<string, number> {
    const observed = this.observedAgents.get(queueId);
    if (observed !== undefined) return { ...observed };
    if (this.userStatus.size === 0) {
      const busy = this.busy.get(queueId)?.size ?? 0;
      return busy === 0 ? {} : { INTERACTING: busy };
    }
    const counts: Record<string, number> = {};
    // A user counts on the queues they are active on, else those they were seen working: counted
    // on every queue, a routing status without queues put every agent of the org on each board.
    for (const [userId, status] of this.userStatus) {
      const queues = this.countedOn(userId);
      if (queues === undefined || !queues.includes(queueId)) continue;
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }
}
