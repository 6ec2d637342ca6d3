import type { ChaosOptions } from './chaos.js';
import { logLines } from './processes.js';
import type { PgRow } from './sinkContents.js';

export interface FaultTiming {
  readonly name: string;
  readonly injectedAt: number;
  /** Which gcstream run (1-based) was up when it was injected. */
  readonly run: number;
  /** Where that run's output stood then. */
  readonly since: number;
  recoveredAt?: number;
  /**
   * Set when another fault kept events away when this one was injected (a silence, a 429 burst,
   * gcstream down): recovery is timed from the end of that one, named here.
   */
  timedFrom?: { readonly at: number; readonly after: string };
}

export interface SinkLine {
  readonly sink: string;
  readonly total: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
}

export interface ChaosReport {
  readonly emitted: number;
  readonly subscribed: number;
  readonly streamedWhileConnected: number;
  readonly inGaps: number;
  readonly sinks: readonly SinkLine[];
  /**
   * Conversations with a queue notification while gcstream ran, by how their final state (their
   * last notification) reached PostgreSQL: streamed (that notification's row), backfilled (a
   * backfilled copy of the conversation ended, or taken after that notification was emitted),
   * at the stop (neither, and emitted within the margin before the final stop: still on the wire
   * when gcstream was stopped, which saves its position for the next run to backfill from), or
   * missing (everything else: a real loss).
   */
  readonly conversations: { readonly covered: number; readonly finalStreamed: number; readonly finalBackfilled: number; readonly finalAtStop: number; readonly finalMissing: number };
  /** The missing ones (at most 50), with the wall times (ms after the first channel live) of their notifications. */
  readonly missingConversations: ReadonlyArray<{ readonly id: string; readonly notifications: ReadonlyArray<{ readonly at: number; readonly inPostgres: boolean }>; readonly backfilledAt: readonly number[] }>;
  /** Wall ms from the end of the faults until no gap waited for its backfill (undefined: not within the wait). */
  readonly backfillSettledMs: number | undefined;
  readonly faults: ReadonlyArray<{ readonly name: string; readonly recoveryMs: number | undefined; readonly timedAfter?: string; readonly sinceInjectedMs?: number }>;
  readonly secrets: { readonly files: number; readonly bytes: number; readonly tokens: number; readonly findings: ReadonlyArray<{ file: string; what: string }> };
  readonly webhookBadSignatures: number;
  /** Wall ms from the emulator emitting an event to gcstream receiving it (streamed rows in PostgreSQL). */
  readonly receiveLag: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Events this close to a cut (before or after) are not counted as streamed while connected. */
  readonly marginMs: number;
  readonly exitCode: number | null;
  readonly dir: string;
  readonly table: string;
}

interface Truth {
  readonly topicName: string;
  readonly correlationId: string;
  readonly conversationId: string | null;
  readonly time: number;
}

export interface ReportInput {
  readonly options: ChaosOptions;
  readonly truthText: string;
  /** Every record the emulator emitted, when `truthText` holds only those compared. */
  readonly emittedTotal?: number;
  /** Wall times of the first channel live and of the final stop. */
  readonly streamFrom: number;
  readonly streamTo: number;
  readonly windows: ReadonlyArray<{ from: number; to: number }>;
  readonly marginMs: number;
  /** Maps the emulator's simulated time to wall time. */
  readonly toWall: (sim: number) => number;
  readonly pg: { rows: PgRow[]; duplicates: number };
  readonly webhookKeys: readonly string[];
  readonly webhookBadSignatures: number;
  readonly natsKeys: readonly string[];
  readonly faults: FaultTiming[];
  readonly runs: readonly string[];
  readonly secrets: ChaosReport['secrets'];
  readonly dir: string;
  readonly backfillSettledMs: number | undefined;
  readonly exitCode: number | null;
}

const QUEUE_TOPIC = /^v2\.routing\.queues\.[^.]+\.conversations$/;
const duplicatesIn = (keys: readonly string[]) => keys.length - new Set(keys).size;

export function buildReport(input: ReportInput): ChaosReport {
  const truth = input.truthText.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Truth);
  // Every comparison in wall time: the emulator's clock is mapped by readings taken during the run.
  const wallOf = new Map(truth.map((t) => [t, input.toWall(t.time)]));
  const subscribed = truth.filter((t) => QUEUE_TOPIC.test(t.topicName) && wallOf.get(t)! >= input.streamFrom && wallOf.get(t)! <= input.streamTo);
  const keyOf = (t: Truth) => `${t.topicName}|${t.correlationId}`;
  // Receive lag: how long after the emulator emitted an event gcstream had it (streamed rows).
  const emittedAt = new Map(subscribed.map((t) => [keyOf(t), wallOf.get(t)!]));
  const lags = input.pg.rows
    .filter((r) => r.source === 'websocket' && emittedAt.has(r.key))
    .map((r) => r.receivedAt - emittedAt.get(r.key)!)
    .sort((a, b) => a - b);
  const pick = (q: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? Number.NaN);
  const receiveLag = { p50: pick(0.5), p99: pick(0.99), max: pick(1) };
  // What was emitted less than the longest receive lag before a cut was still on its way then.
  const marginMs = Math.max(input.marginMs, Number.isFinite(receiveLag.max) ? receiveLag.max + 1000 : 0);
  const inGap = (t: Truth) => input.windows.some((w) => wallOf.get(t)! >= w.from - marginMs && wallOf.get(t)! <= w.to + marginMs);
  const connected = subscribed.filter((t) => !inGap(t));
  const sinkLine = (sink: string, keys: readonly string[], duplicated: number): SinkLine => {
    const have = new Set(keys);
    const delivered = connected.filter((t) => have.has(keyOf(t))).length;
    return { sink, total: keys.length, delivered, lost: connected.length - delivered, duplicated };
  };
  const pgKeys = input.pg.rows.map((r) => r.key);
  const sinks = [
    sinkLine('postgres', pgKeys, input.pg.duplicates),
    sinkLine('webhook', input.webhookKeys, duplicatesIn(input.webhookKeys)),
    sinkLine('nats', input.natsKeys, duplicatesIn(input.natsKeys)),
  ];

  // A conversation's final state: its last notification, streamed, or a backfilled record of it
  // that is at least as new (the conversation ended in it, or it was taken after that notification).
  const last = new Map<string, Truth>();
  for (const t of subscribed) if (t.conversationId && (last.get(t.conversationId)?.time ?? -Infinity) <= t.time) last.set(t.conversationId, t);
  const pgHave = new Set(pgKeys);
  const backfilled = new Map<string, PgRow[]>();
  for (const r of input.pg.rows) {
    if (r.source !== 'backfill' || !r.conversationId) continue;
    const rows = backfilled.get(r.conversationId);
    if (rows) rows.push(r);
    else backfilled.set(r.conversationId, [r]);
  }
  let finalStreamed = 0;
  let finalBackfilled = 0;
  let finalAtStop = 0;
  const missing: string[] = [];
  for (const [conversation, t] of last) {
    if (pgHave.has(keyOf(t))) finalStreamed++;
    else if (backfilled.get(conversation)?.some((r) => r.ended || r.receivedAt >= wallOf.get(t)!)) finalBackfilled++;
    else if (wallOf.get(t)! >= input.streamTo - marginMs) finalAtStop++;
    else missing.push(conversation);
  }
  const missingConversations = missing.slice(0, 50).map((id) => ({
    id,
    notifications: subscribed.filter((t) => t.conversationId === id).map((t) => ({ at: Math.round(wallOf.get(t)! - input.streamFrom), inPostgres: pgHave.has(keyOf(t)) })),
    backfilledAt: (backfilled.get(id) ?? []).map((r) => r.receivedAt - input.streamFrom),
  }));

  const faults = input.faults.map((f) => {
    if (f.recoveredAt !== undefined && f.timedFrom !== undefined) {
      return { name: f.name, recoveryMs: f.recoveredAt - f.timedFrom.at, timedAfter: f.timedFrom.after, sinceInjectedMs: f.recoveredAt - f.injectedAt };
    }
    if (f.recoveredAt !== undefined) return { name: f.name, recoveryMs: f.recoveredAt - f.injectedAt };
    const run = input.runs[f.name.startsWith('SIGKILL') ? f.run : f.run - 1] ?? '';
    const from = f.name.startsWith('SIGKILL') ? 0 : f.since;
    const back = logLines(run.slice(from)).find((l) => (l.msg === 'gap closed' || l.msg === 'channel live') && l.time >= f.injectedAt);
    return { name: f.name, recoveryMs: back ? back.time - f.injectedAt : undefined };
  });

  return {
    emitted: input.emittedTotal ?? truth.length,
    subscribed: subscribed.length,
    streamedWhileConnected: connected.length,
    inGaps: subscribed.length - connected.length,
    sinks,
    conversations: { covered: last.size, finalStreamed, finalBackfilled, finalAtStop, finalMissing: missing.length },
    missingConversations,
    faults,
    secrets: input.secrets,
    webhookBadSignatures: input.webhookBadSignatures,
    receiveLag,
    marginMs,
    exitCode: input.exitCode,
    backfillSettledMs: input.backfillSettledMs,
    dir: input.dir,
    table: '',
  };
}

export function formatReport(report: ChaosReport): string {
  const lines = [
    `events emitted by the emulator (all topics): ${report.emitted}`,
    `queue-conversation events while gcstream ran: ${report.subscribed} (streamed while connected: ${report.streamedWhileConnected}; in gaps or downtime: ${report.inGaps})`,
    '',
    '| sink | rows/messages | delivered (of streamed while connected) | lost | duplicated |',
    '|---|---|---|---|---|',
    ...report.sinks.map((s) => `| ${s.sink} | ${s.total} | ${s.delivered} | ${s.lost} | ${s.duplicated} |`),
    '',
    `conversations covered: ${report.conversations.covered}; final state in PostgreSQL: ${report.conversations.finalStreamed} streamed, ${report.conversations.finalBackfilled} backfilled, ${report.conversations.finalMissing} missing; ${report.conversations.finalAtStop} more ended within ${report.marginMs} ms of the stop (on the wire when gcstream was stopped)`,
    ...report.missingConversations.slice(0, 10).map((c) => `  missing ${c.id}: notifications at ${c.notifications.map((n) => `${(n.at / 1000).toFixed(1)}${n.inPostgres ? '' : '(lost)'}`).join(' ')} s; backfilled at ${c.backfilledAt.map((b) => (b / 1000).toFixed(1)).join(' ') || 'never'}`),
    report.backfillSettledMs === undefined ? 'backfill: gaps were still waiting when gcstream was stopped' : `backfill: every gap filled ${(report.backfillSettledMs / 1000).toFixed(1)} s after the faults ended`,
    '',
    '| fault | recovery |',
    '|---|---|',
    ...report.faults.map(
      (f) =>
        `| ${f.name} | ${f.recoveryMs === undefined ? 'not seen' : `${(f.recoveryMs / 1000).toFixed(1)} s`}${f.timedAfter === undefined ? '' : ` (from the end of: ${f.timedAfter}; ${(f.sinceInjectedMs! / 1000).toFixed(1)} s since injected)`} |`,
    ),
    '',
    `secret scan: ${report.secrets.files} files, ${report.secrets.bytes} bytes, for 3 secrets and ${report.secrets.tokens} issued tokens, ${report.secrets.findings.length === 0 ? 'no secret found' : report.secrets.findings.map((f) => `${f.what} in ${f.file}`).join('; ')}`,
    `receive lag (emulator emit to gcstream receipt, wall ms, streamed rows): p50 ${report.receiveLag.p50}, p99 ${report.receiveLag.p99}, max ${report.receiveLag.max}; margin at each cut ${report.marginMs} ms`,
    `webhook requests with a bad signature: ${report.webhookBadSignatures}; gcstream's last exit code: ${report.exitCode}; files in ${report.dir}`,
  ];
  return lines.join('\n');
}

/** Recovery a fault must beat (issue 13's target); a gap's backfill may take longer and is reported apart. */
export const RECOVERY_TARGET_MS = 5_000;

/**
 * Every target of the proof the run missed, worded for the summary; empty when it met them all:
 * nothing streamed while connected lost by any sink, nothing duplicated in PostgreSQL, every
 * conversation's final state in PostgreSQL, every fault recovered within 5 s, no secret written,
 * no webhook request with a bad signature, and gcstream stopping cleanly.
 */
export function missedTargets(report: ChaosReport): string[] {
  const missed: string[] = [];
  for (const sink of report.sinks) if (sink.lost > 0) missed.push(`${sink.sink} lost ${sink.lost} events streamed while connected`);
  const pg = report.sinks.find((s) => s.sink === 'postgres');
  if (pg && pg.duplicated > 0) missed.push(`postgres holds ${pg.duplicated} duplicated rows`);
  if (report.conversations.finalMissing > 0) missed.push(`${report.conversations.finalMissing} conversations without their final state in PostgreSQL`);
  for (const fault of report.faults) {
    if (fault.recoveryMs === undefined) missed.push(`no recovery seen from: ${fault.name}`);
    else if (fault.recoveryMs >= RECOVERY_TARGET_MS) missed.push(`${fault.name}: recovery took ${(fault.recoveryMs / 1000).toFixed(1)} s (target under ${RECOVERY_TARGET_MS / 1000} s)`);
  }
  if (report.secrets.findings.length > 0) missed.push(`${report.secrets.findings.length} secrets found in gcstream's output`);
  if (report.webhookBadSignatures > 0) missed.push(`${report.webhookBadSignatures} webhook requests with a bad signature`);
  if (report.exitCode !== 0) missed.push(`gcstream's last run exited with ${report.exitCode}`);
  return missed;
}
