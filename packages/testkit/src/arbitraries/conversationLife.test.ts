import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFrame, isDeadLetter, type GenesysEvent } from '@gcstream/core';
import { builtinOperator, runStream } from '../operatorHarness/index.js';
import { arbConversationLife, arbConversationTraffic, lifeQueueId, playLife, withDuplicates, withReordering, type ConversationLife } from './index.js';

const decodeAll = (stream: ReturnType<typeof playLife>): GenesysEvent[] =>
  stream.map((n) => {
    const out = decodeFrame({ data: JSON.stringify(n.envelope), channelId: 'c', receivedAt: n.at });
    if (isDeadLetter(out)) throw new Error(out.reason);
    return out;
  });

interface FinalRecord {
  ended: boolean;
  stale: boolean;
  visits: { outcome?: string }[];
  queuePath: string[];
  holds: number;
}
const finals = async (events: GenesysEvent[]): Promise<FinalRecord[]> =>
  runStream(builtinOperator('conversationState'), { snapshots: false, passThrough: 'none' }, events.map((e) => ({ at: e.receivedAt, input: e }))).events.map((e) => e.eventBody as FinalRecord);

describe('conversation lives', () => {
  it('every notification decodes, and conversationState closes each life with the outcome it was planned with', async () => {
    const lives = fc.sample(arbConversationLife(), { numRuns: 300, seed: 11 });
    for (const [n, life] of lives.entries()) {
      const stream = playLife(life, n);
      expect(stream.length).toBeGreaterThan(0);
      const [record] = await finals(decodeAll(stream));
      expect(record, JSON.stringify(life)).toBeDefined();
      expect(record!.ended).toBe(true);
      expect(record!.stale).toBe(false);
      const last = record!.visits[record!.visits.length - 1]!;
      expect(last.outcome).toBe(life.outcome);
      expect(record!.queuePath).toEqual(life.transfer ? [lifeQueueId(life.queue), lifeQueueId(life.transfer.queue)] : [lifeQueueId(life.queue)]);
      if (life.hold && life.outcome === 'answered' && life.media === 'voice' && life.hold.afterMs < (life.transfer ? Math.floor(life.talkMs / 2) : life.talkMs)) expect(record!.holds).toBeGreaterThan(0);
    }
  });

  it('follows the emulator rules: only voice and chat abandon or transfer, only voice holds or has an IVR', () => {
    const lives: ConversationLife[] = fc.sample(arbConversationLife(), { numRuns: 500, seed: 5 });
    for (const life of lives) {
      if (life.outcome === 'abandoned' || life.transfer) expect(['voice', 'chat']).toContain(life.media);
      if (life.hold) expect(life.media).toBe('voice');
      const first = playLife(life, 0)[0]!.envelope.eventBody as { participants: { purpose: string }[] };
      expect(first.participants.some((p) => p.purpose === 'ivr')).toBe(life.media === 'voice');
    }
    expect(new Set(lives.map((l) => l.outcome))).toEqual(new Set(['answered', 'abandoned']));
    expect(lives.some((l) => l.transfer) && lives.some((l) => l.hold) && lives.some((l) => l.ringOut)).toBe(true);
  });

  it('interleaves conversations; duplicates repeat a key; reordering moves a notification by at most the bound', () => {
    const streams = fc.sample(arbConversationTraffic({ minConversations: 3 }), { numRuns: 30, seed: 2 });
    for (const stream of streams) {
      expect(stream.map((n) => n.at)).toEqual([...stream.map((n) => n.at)].sort((a, b) => a - b));
      expect(new Set(stream.map((n) => n.conversation)).size).toBeGreaterThan(1);
      const doubled = withDuplicates(stream, [0, 2]);
      expect(doubled.length).toBe(stream.length + 2);
      expect(doubled[1]!.envelope.metadata.CorrelationId).toBe(doubled[0]!.envelope.metadata.CorrelationId);
      const reordered = withReordering(stream, Array.from({ length: 50 }, (_, i) => i * 7), 5_000);
      expect(reordered.map((n) => n.at)).toEqual(stream.map((n) => n.at));
      for (const [i, n] of reordered.entries()) {
        const original = stream.find((o) => o.envelope === n.envelope)!;
        expect(Math.abs(original.at - stream[i]!.at)).toBeLessThanOrEqual(5_000);
      }
    }
  });
});
