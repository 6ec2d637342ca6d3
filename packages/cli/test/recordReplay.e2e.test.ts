import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, waitFor } from './cliProcess.js';

interface Recorded {
  receivedAt: number;
  channelId: string;
  data: string;
}
interface Envelope {
  topicName: string;
  eventBody: unknown;
  metadata: { CorrelationId: string };
}

const SPEED = 10;

describe('gcstream record and the replay source (as processes)', () => {
  it('records 60 s of emulator traffic, and a replay through a pipeline gives the same events in the same order', async () => {
    // Ten simulated seconds per wall second: 6 s of wall time record a minute of the contact center.
    const emulator = await startEmulator({ port: 0, speed: SPEED });
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-record-'));
    try {
      writeFileSync(
        join(dir, 'live.yaml'),
        `source:\n  genesys:\n    baseUrl: "${emulator.baseUrl}"\n    clientId: ${emulator.clientId}\n    clientSecret: ${emulator.clientSecret}\n    topics:\n      - v2.routing.queues.{queueId}.conversations\n      - v2.users.{userId}.presence\nsinks:\n  - console: {}\n`,
      );
      const startedAt = emulator.clock.now();
      const recording = await runCli(['record', 'live.yaml', '--out', 'traffic.ndjson', '--duration', `${60 / SPEED}s`], { cwd: dir });
      const simulated = emulator.clock.now() - startedAt;
      expect(recording.code, recording.stderr).toBe(0);
      expect(simulated).toBeGreaterThanOrEqual(60_000);
      const frames = readFileSync(join(dir, 'traffic.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Recorded);
      expect(recording.stdout).toContain(`recorded ${frames.length} frames`);
      expect(frames.length).toBeGreaterThan(20);
      const envelopes = frames.map((f) => JSON.parse(f.data) as Envelope);

      // The recording is what the emulator sent: from the first recorded notification to the last,
      // every notification on a recorded topic, in the order it was emitted.
      const ids = envelopes.map((e) => e.metadata.CorrelationId);
      const topics = new Set(envelopes.map((e) => e.topicName));
      const truth = emulator.truth();
      const from = truth.findIndex((t) => t.correlationId === ids[0]);
      const to = truth.findIndex((t) => t.correlationId === ids.at(-1));
      expect(from).toBeGreaterThanOrEqual(0);
      expect(truth.slice(from, to + 1).filter((t) => topics.has(t.topicName)).map((t) => t.correlationId)).toEqual(ids);
      // Receive times are kept, in order.
      expect(frames.map((f) => f.receivedAt)).toEqual([...frames.map((f) => f.receivedAt)].sort((a, b) => a - b));

      writeFileSync(join(dir, 'replay.yaml'), 'source:\n  replay: { file: traffic.ndjson, speed: max }\nsinks:\n  - console: { format: json }\n');
      const replayed = await runCli(['run', 'replay.yaml', '--no-status'], { cwd: dir });
      expect(replayed.code, replayed.stderr).toBe(0);
      const events = replayed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Envelope & { receivedAt: number });
      expect(events.map((e) => e.metadata.CorrelationId)).toEqual(ids);
      expect(events.map((e) => [e.topicName, e.eventBody])).toEqual(envelopes.map((e) => [e.topicName, e.eventBody]));
      expect(events.map((e) => e.receivedAt)).toEqual(frames.map((f) => f.receivedAt));
    } finally {
      await emulator.close();
    }
  });

  it('gcstream emulator --replay serves a recording over the Genesys protocol: a pipeline receives the recorded notifications in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-emulator-replay-'));
    const recording = await runCli(['record', '--out', 'traffic.ndjson', '--max-frames', '40', '--emulator-speed', '20', '--log-level', 'warn'], { cwd: dir });
    expect(recording.code, recording.stderr).toBe(0);
    const envelopes = readFileSync(join(dir, 'traffic.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse((JSON.parse(line) as Recorded).data) as Envelope);
    expect(envelopes).toHaveLength(40);

    const server = startCli(['emulator', '--replay', 'traffic.ndjson', '--port', '0', '--speed', '20', '--log-level', 'warn'], { cwd: dir });
    try {
      await waitFor(server, () => /http:\/\/127\.0\.0\.1:\d+/.test(server.stdout()), 'the emulator to listen');
      expect(server.stdout()).toContain('replaying 40 notifications from traffic.ndjson');
      const baseUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(server.stdout())![0];
      writeFileSync(
        join(dir, 'p.yaml'),
        `source:\n  genesys:\n    baseUrl: "${baseUrl}"\n    clientId: emulator-client\n    clientSecret: emulator-secret\n    topics:\n      - v2.routing.queues.{queueId}.conversations\n      - v2.users.{userId}.presence\nsinks:\n  - console: { format: json }\n`,
      );
      const run = await runCli(['run', 'p.yaml', '--max-events', '40', '--no-status', '--log-level', 'warn'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Envelope);
      expect(events.map((e) => [e.topicName, e.eventBody])).toEqual(envelopes.map((e) => [e.topicName, e.eventBody]));
    } finally {
      server.child.kill('SIGINT');
      await server.exited;
    }
  });
});
