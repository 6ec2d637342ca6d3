import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createReplaySource } from './replaySource.js';

function recording(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gcstream-replay-')), 'traffic.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const line = (receivedAt: number, data: string) => JSON.stringify({ receivedAt, channelId: 'ch-1', data });

/** A clock that only moves when the replay sleeps: what it waited for is what pacing asked. */
function virtualTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('replay source', () => {
  const file = recording([line(1000, 'a'), line(3000, 'b'), '', line(3000, 'c'), line(7000, 'd')]);

  it('emits every recorded frame in order with its recorded receive time and channel', async () => {
    const source = createReplaySource({ file, speed: 'max' });
    const frames = await lastValueFrom(source.frames$.pipe(toArray()));
    expect(frames).toEqual([
      { data: 'a', channelId: 'ch-1', receivedAt: 1000 },
      { data: 'b', channelId: 'ch-1', receivedAt: 3000 },
      { data: 'c', channelId: 'ch-1', receivedAt: 3000 },
      { data: 'd', channelId: 'ch-1', receivedAt: 7000 },
    ]);
    expect(source.status()).toMatchObject({ state: 'stopped', framesReceived: 4 });
  });

  it('waits the recorded gaps at speed 1, a tenth of them at speed 10, none at max', async () => {
    for (const [speed, expected] of [
      [1, [2000, 4000]],
      [10, [200, 400]],
    ] as const) {
      const time = virtualTime();
      await lastValueFrom(createReplaySource({ file, speed }, time).frames$.pipe(toArray()));
      expect(time.waits).toEqual(expected);
    }
    const time = virtualTime();
    await lastValueFrom(createReplaySource({ file, speed: 'max' }, time).frames$.pipe(toArray()));
    expect(time.waits).toEqual([]);
  });

  it('close completes a replay in progress; a line that is not a recorded frame fails with its line number', async () => {
    const source = createReplaySource({ file, speed: 1 });
    const first = firstValueFrom(source.frames$);
    expect((await first).data).toBe('a');
    const all = lastValueFrom(source.frames$.pipe(toArray()));
    await source.close();
    expect((await all).length).toBeLessThan(4);
    const broken = createReplaySource({ file: recording([line(1, 'a'), '{"topicName":"x"}']), speed: 'max' });
    await expect(lastValueFrom(broken.frames$)).rejects.toThrow(/traffic\.ndjson:2: not a recorded frame/);
  });
});
