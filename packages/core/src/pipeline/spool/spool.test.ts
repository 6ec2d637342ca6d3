import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger, testEvent } from '../../../test/pipelineSupport.js';
import { openSpool } from './spool.js';

const dir = () => mkdtempSync(join(tmpdir(), 'gcs-spool-'));
const numbers = (events: readonly { event: { eventBody: unknown } }[]) => events.map((e) => (e.event.eventBody as { n: number }).n);

describe('spool', () => {
  it('replays to each sink what it had not finished, and only that', async () => {
    const folder = dir();
    const first = await openSpool({ dir: folder, sinks: ['a', 'b'], logger: silentLogger });
    const spooled = [1, 2, 3, 4].map((n) => first.append(testEvent(n)));
    first.ack('a', spooled[0]!.seq);
    first.ack('a', spooled[1]!.seq);
    first.ack('b', spooled[3]!.seq); // out of order: b's watermark cannot pass 1..3 yet
    await first.close();

    const second = await openSpool({ dir: folder, sinks: ['a', 'b'], logger: silentLogger });
    expect(numbers(second.pending('a'))).toEqual([3, 4]);
    expect(numbers(second.pending('b'))).toEqual([1, 2, 3, 4]);
    const next = second.append(testEvent(5));
    expect(next.seq).toBe(spooled[3]!.seq + 1);
    await second.close();
  });

  it('deletes segments every sink is past, and starts a new sink at the newest event', async () => {
    const folder = dir();
    const spool = await openSpool({ dir: folder, sinks: ['a'], logger: silentLogger, segmentSize: 2 });
    const spooled = [1, 2, 3, 4, 5].map((n) => spool.append(testEvent(n)));
    spool.ack('a', spooled[0]!.seq);
    spool.ack('a', spooled[1]!.seq);
    await spool.close();
    // The first segment (events 1 and 2) is behind every sink; the other two are still needed.
    expect(readdirSync(folder).filter((f) => f.startsWith('segment-'))).toHaveLength(2);

    const again = await openSpool({ dir: folder, sinks: ['a'], logger: silentLogger, segmentSize: 2 });
    expect(numbers(again.pending('a'))).toEqual([3, 4, 5]);
    for (const s of again.pending('a')) again.ack('a', s.seq);
    await again.close();
    expect(readdirSync(folder).filter((f) => f.startsWith('segment-'))).toEqual([]);

    const reopened = await openSpool({ dir: folder, sinks: ['a', 'newcomer'], logger: silentLogger });
    expect(reopened.pending('a')).toEqual([]);
    expect(reopened.pending('newcomer')).toEqual([]);
    await reopened.close();
  });

  it('never numbers a new event at or below a saved acknowledgement, even when the segments end below it', async () => {
    // stop-spooling left events 6..10 unspooled (seqs taken, not written); the fast sink confirmed
    // them, the slow one did not, and the process was killed. Acks then run past the last segment.
    const folder = dir();
    const first = await openSpool({ dir: folder, sinks: ['fast', 'slow'], logger: silentLogger, saveInterval: 60_000 });
    for (let n = 1; n <= 5; n++) first.append(testEvent(n));
    await first.close();
    writeFileSync(join(folder, 'acks.json'), JSON.stringify({ fast: 10, slow: 0 }));

    const second = await openSpool({ dir: folder, sinks: ['fast', 'slow'], logger: silentLogger, saveInterval: 60_000 });
    expect(second.pending('fast')).toEqual([]);
    const fresh = second.append(testEvent(11));
    expect(fresh.seq).toBeGreaterThan(10);
    await second.close(); // a crash before `fast` got event 11: it must be replayed to it

    const third = await openSpool({ dir: folder, sinks: ['fast', 'slow'], logger: silentLogger });
    expect(numbers(third.pending('fast'))).toEqual([11]);
    // 6..10 were never on disk: once `slow` has what was, its progress passes them and the spool empties.
    expect(numbers(third.pending('slow'))).toEqual([1, 2, 3, 4, 5, 11]);
    for (const sink of ['fast', 'slow']) for (const s of third.pending(sink)) third.ack(sink, s.seq);
    await third.close();
    expect(readdirSync(folder).filter((f) => f.startsWith('segment-'))).toEqual([]);
  });

  it('replays everything when no progress was ever saved, and skips a line cut short by a crash', async () => {
    const folder = dir();
    const spool = await openSpool({ dir: folder, sinks: ['a'], logger: silentLogger, saveInterval: 60_000 });
    spool.append(testEvent(1));
    spool.append(testEvent(2));
    await spool.close();
    rmSync(join(folder, 'acks.json'));
    const segment = readdirSync(folder).find((f) => f.startsWith('segment-'))!;
    appendFileSync(join(folder, segment), '{"seq":3,"event":{"topicN');
    const reopened = await openSpool({ dir: folder, sinks: ['a'], logger: silentLogger });
    expect(numbers(reopened.pending('a'))).toEqual([1, 2]);
    await reopened.close();
  });
});
