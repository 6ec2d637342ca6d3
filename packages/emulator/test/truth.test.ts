import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEmulator, startEmulator } from '../src/index.js';
import { eventually } from './support/client.js';
import { createScriptedContactCenter, type ScriptedContactCenter } from './support/scriptedContactCenter.js';

describe('ground truth', () => {
  it('is readable as NDJSON from GET /_emulator/truth, from an index, and written to truthFile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcstream-truth-'));
    let center!: ScriptedContactCenter;
    const em = await startEmulator({ port: 0, truthFile: join(dir, 'truth.ndjson'), createContactCenter: () => (center = createScriptedContactCenter()) });
    try {
      center.emit({ topicName: 'v2.conversations.c1.transcription', eventBody: {}, conversationId: 'c1', time: 1 });
      center.emit({ topicName: 'v2.users.u1.presence', eventBody: {}, time: 2 });
      const res = await fetch(`${em.baseUrl}/_emulator/truth`);
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual(em.truth());
      expect(lines).toEqual([
        { topicName: 'v2.conversations.c1.transcription', correlationId: expect.any(String), conversationId: 'c1', time: 1 },
        { topicName: 'v2.users.u1.presence', correlationId: expect.any(String), conversationId: null, time: 2 },
      ]);
      const tail = (await (await fetch(`${em.baseUrl}/_emulator/truth?from=1`)).text()).trim().split('\n');
      expect(tail.map((l) => JSON.parse(l).time)).toEqual([2]);
      await em.close();
      const file = (await readFile(join(dir, 'truth.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      expect(file).toEqual(lines);
    } finally {
      await em.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the same notifications for the same seed, and different ones for another seed', async () => {
    const T0 = Date.parse('2026-01-05T09:00:00.000Z');
    const CUTOFF = T0 + 20 * 60_000;
    const run = async (seed: number) => {
      const em = await startEmulator({ port: 0, seed, speed: 1200, startTime: T0, contactCenter: { arrivalRatePerMinute: 1 } });
      try {
        // The simulation releases events in time order, so one record past the cutoff means all before it are in.
        await eventually(() => ((em.truth().at(-1)?.time ?? 0) >= CUTOFF ? true : undefined), 30_000);
        return em.truth().filter((r) => r.time < CUTOFF).map((r) => `${r.time} ${r.topicName} ${r.conversationId}`);
      } finally {
        await em.close();
      }
    };
    const [a, b, c] = await Promise.all([run(11), run(11), run(12)]);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('describes itself for the CLI', async () => {
    const em = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
    try {
      const text = describeEmulator(em);
      expect(text).toContain(em.baseUrl);
      expect(text).toContain('emulator-client');
      expect(text).toContain('emulator-secret');
      expect(text).toContain(`${em.baseUrl.replace('http', 'ws')}/channels/`);
    } finally {
      await em.close();
    }
  });

  it('fails with a usage error naming the port when it is taken', async () => {
    const first = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
    try {
      await expect(startEmulator({ port: first.port, createContactCenter: createScriptedContactCenter })).rejects.toMatchObject({
        code: 'GCS_USAGE',
        message: expect.stringMatching(new RegExp(`port ${first.port} on 127.0.0.1 is already in use`)),
      });
    } finally {
      await first.close();
    }
  });

  it('rejects a bad fault spec or option before listening', async () => {
    await expect(startEmulator({ port: 0, faults: ['drop-sockets:every=soon'], createContactCenter: createScriptedContactCenter })).rejects.toMatchObject({ code: 'GCS_USAGE' });
    await expect(startEmulator({ port: 0, speed: -1, createContactCenter: createScriptedContactCenter })).rejects.toThrow(/option speed: must be a positive number/);
  });

  it('counts stats for the admin API', async () => {
    const em = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
    try {
      const status = await ((await fetch(`${em.baseUrl}/_emulator/status`)).json() as Promise<any>);
      expect(status).toMatchObject({ channels: 0, sockets: 0, truthRecords: 0, framesRouted: 0, highRateFrames: 0, silent: false });
    } finally {
      await em.close();
    }
  });
});
