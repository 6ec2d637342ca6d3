import { describe, expect, it } from 'vitest';
import { FULL } from '../../../scripts/chaos/chaos.js';
import { buildReport, missedTargets, type ChaosReport, type ReportInput } from '../../../scripts/chaos/report.js';
import type { PgRow } from '../../../scripts/chaos/sinkContents.js';

const topic = 'v2.routing.queues.q1.conversations';
const note = (conversationId: string, n: number, time: number) => JSON.stringify({ topicName: topic, correlationId: `${conversationId}-${n}`, conversationId, time });
const streamed = (conversationId: string, n: number, receivedAt: number): PgRow => ({ key: `${topic}|${conversationId}-${n}`, source: 'websocket', conversationId, ended: false, receivedAt });
const backfilled = (conversationId: string, receivedAt: number, ended: boolean): PgRow => ({ key: `${topic}|bf-${conversationId}-${receivedAt}`, source: 'backfill', conversationId, ended, receivedAt });

function report(truth: string[], rows: PgRow[]) {
  const input: ReportInput = {
    options: FULL,
    truthText: truth.join('\n'),
    streamFrom: 0,
    streamTo: 100_000,
    windows: [],
    marginMs: 3_000,
    toWall: (sim) => sim,
    pg: { rows, duplicates: 0 },
    webhookKeys: [],
    webhookBadSignatures: 0,
    natsKeys: [],
    faults: [],
    runs: [],
    secrets: { files: 0, bytes: 0, tokens: 0, findings: [] },
    dir: '',
    backfillSettledMs: 0,
    exitCode: 0,
  };
  return buildReport(input);
}

describe('chaos report: conversations and their final state', () => {
  it('counts a backfilled copy only when it is at least as new as the last notification', () => {
    const r = report(
      [note('a', 1, 10_000), note('a', 2, 20_000), note('b', 1, 10_000), note('b', 2, 20_000), note('c', 1, 10_000), note('c', 2, 20_000), note('d', 1, 10_000), note('d', 2, 20_000)],
      [
        streamed('a', 1, 10_000), streamed('a', 2, 20_000),
        // b: its last notification lost, a backfilled copy taken after it
        streamed('b', 1, 10_000), backfilled('b', 25_000, false),
        // c: the only backfilled copy is older than its last notification (a restart's seed): its final state is missing
        backfilled('c', 15_000, false), streamed('c', 1, 10_000),
        // d: a backfilled copy of the ended conversation, whenever it was taken
        streamed('d', 1, 10_000), backfilled('d', 19_000, true),
      ],
    );
    expect(r.conversations).toEqual({ covered: 4, finalStreamed: 1, finalBackfilled: 2, finalAtStop: 0, finalMissing: 1 });
    expect(r.missingConversations.map((c) => c.id)).toEqual(['c']);
    expect(r.missingConversations[0]!.notifications).toEqual([{ at: 10_000, inPostgres: true }, { at: 20_000, inPostgres: false }]);
  });

  it('tells a final state still on the wire at the stop from one lost earlier', () => {
    const r = report([note('e', 1, 50_000), note('e', 2, 99_000), note('f', 1, 50_000), note('f', 2, 90_000)], [streamed('e', 1, 50_000), streamed('f', 1, 50_000)]);
    expect(r.conversations).toEqual({ covered: 2, finalStreamed: 0, finalBackfilled: 0, finalAtStop: 1, finalMissing: 1 });
    expect(r.missingConversations.map((c) => c.id)).toEqual(['f']);
  });
});

describe('chaos report: the targets', () => {
  it('names every target a run missed, and none for a run that met them all', () => {
    const built = report([note('a', 1, 10_000)], [streamed('a', 1, 10_000)]);
    expect(built.sinks.find((s) => s.sink === 'postgres')).toMatchObject({ lost: 0, duplicated: 0 });
    // This input gives the webhook and NATS no messages: each lost the one event.
    expect(missedTargets(built)).toEqual(['webhook lost 1 events streamed while connected', 'nats lost 1 events streamed while connected']);
    const met: ChaosReport = { ...built, sinks: built.sinks.map((s) => ({ ...s, delivered: s.total, lost: 0 })), faults: [{ name: 'socket drop', recoveryMs: 4_999 }] };
    expect(missedTargets(met)).toEqual([]);
    const bad: ChaosReport = {
      ...met,
      sinks: [
        { sink: 'postgres', total: 10, delivered: 9, lost: 1, duplicated: 2 },
        { sink: 'nats', total: 10, delivered: 10, lost: 0, duplicated: 3 },
      ],
      conversations: { ...met.conversations, finalMissing: 2 },
      faults: [
        { name: 'socket drop', recoveryMs: 900 },
        { name: 'nats-server restart', recoveryMs: 7_100 },
        { name: 'token revocation', recoveryMs: undefined },
      ],
      secrets: { files: 3, bytes: 10, tokens: 2, findings: [{ file: 'x.log', what: 'client secret' }] },
      webhookBadSignatures: 1,
      exitCode: 137,
    };
    expect(missedTargets(bad)).toEqual([
      'postgres lost 1 events streamed while connected',
      'postgres holds 2 duplicated rows',
      '2 conversations without their final state in PostgreSQL',
      'nats-server restart: recovery took 7.1 s (target under 5 s)',
      'no recovery seen from: token revocation',
      '1 secrets found in gcstream\'s output',
      '1 webhook requests with a bad signature',
      'gcstream\'s last run exited with 137',
    ]);
  });
});
