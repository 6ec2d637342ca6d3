import { createLogger } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { createWallboard } from '../src/dashboardSink.js';
import { dashboardOptionsSchema } from '../src/options.js';
import { metricsEvent } from './_metricsEvents.js';

interface Message {
  event: string;
  data: any;
}

/** Reads `/events` as a browser's EventSource would, message by message. */
async function subscribe(url: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ended = false;
  const next = async (): Promise<Message | undefined> => {
    for (;;) {
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
        if (fields.event === undefined) continue; // the retry: line
        return { event: fields.event, data: JSON.parse(fields.data ?? 'null') };
      }
      if (ended) return undefined;
      const { value, done } = await reader.read();
      if (done) ended = true;
      else buffer += value;
    }
  };
  /** The next message of this kind, skipping heartbeats and the like. */
  const nextOf = async (event: string) => {
    for (;;) {
      const m = await next();
      if (m === undefined || m.event === event) return m;
    }
  };
  return { next, nextOf, close: () => controller.abort() };
}

const options = (port = 0) => dashboardOptionsSchema.parse({ port, heartbeat: '100ms', staleAfter: '1s' });
const quiet = { logger: createLogger({ level: 'silent' }) };

describe('the wallboard event stream', () => {
  it('starts each connection with a snapshot, then pushes the tiles a write changed, and heartbeats', async () => {
    const board = createWallboard(options(), quiet);
    await board.connect();
    try {
      await board.write([metricsEvent({ queueId: 'q1', waiting: 1 })]);
      const page = await subscribe(board.url!);
      const first = await page.next();
      expect(first).toMatchObject({ event: 'snapshot', data: { staleAfter: 1000, heartbeat: 100, tiles: [{ id: 'q1|voice', live: { waiting: 1 } }] } });
      expect(first!.data.thresholds.waiting).toEqual({ warn: 5, critical: 10 });

      const sentAt = Date.now();
      await board.write([metricsEvent({ queueId: 'q2', waiting: 6 }), metricsEvent({ queueId: 'q2', period: 'today', nOffered: 30, waiting: 6 })]);
      const delta = await page.nextOf('tiles');
      // Only what changed travels: q2, once, with both its periods.
      expect(delta!.data.tiles).toHaveLength(1);
      expect(delta!.data.tiles[0]).toMatchObject({ id: 'q2|voice', live: { waiting: 6 }, today: { nOffered: 30 } });
      expect(delta!.data.lastUpdateAt).toBeGreaterThanOrEqual(sentAt);

      const beat = await page.nextOf('heartbeat');
      expect(beat!.data).toMatchObject({ lastUpdateAt: delta!.data.lastUpdateAt });
      expect((await (await fetch(`${board.url}/healthz`)).json()).pages).toBe(1);
      page.close();
    } finally {
      await board.close();
    }
  });

  it('ends the streams on close, and a new wallboard on the same port serves a fresh snapshot', async () => {
    const first = createWallboard(options(), quiet);
    await first.connect();
    const port = Number(new URL(first.url!).port);
    await first.write([metricsEvent({ queueId: 'q1', waiting: 3 })]);
    const page = await subscribe(first.url!);
    expect((await page.next())!.event).toBe('snapshot');
    await first.close();
    // The stream ends: an EventSource takes that as its cue to reconnect.
    expect(await page.nextOf('never')).toBeUndefined();

    const second = createWallboard(options(port), quiet);
    await second.connect();
    try {
      expect(second.url).toBe(first.url);
      await second.write([metricsEvent({ queueId: 'q9', waiting: 8 })]);
      const again = await subscribe(second.url!);
      const snapshot = await again.next();
      expect(snapshot!.data.tiles.map((t: { id: string }) => t.id)).toEqual(['q9|voice']);
      again.close();
    } finally {
      await second.close();
    }
  });

  it('answers HEAD /events with the headers alone, and does not count it as a page', async () => {
    const board = createWallboard(options(), quiet);
    await board.connect();
    try {
      const head = await fetch(`${board.url}/events`, { method: 'HEAD', signal: AbortSignal.timeout(2000) });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await (await fetch(`${board.url}/healthz`)).json()).pages).toBe(0);
    } finally {
      await board.close();
    }
  });

  it('sends nothing for a batch without queue metrics', async () => {
    const board = createWallboard(options(), quiet);
    await board.connect();
    try {
      const page = await subscribe(board.url!);
      await page.next();
      await board.write([{ ...metricsEvent({ queueId: 'q1' }), topicName: 'v2.users.u1.presence' }]);
      await board.write([metricsEvent({ queueId: 'q5' })]);
      const delta = await page.nextOf('tiles');
      expect(delta!.data.tiles.map((t: { id: string }) => t.id)).toEqual(['q5|voice']);
      page.close();
    } finally {
      await board.close();
    }
  });
});

describe('a page that stops reading', () => {
  it('is dropped once too much is waiting for it, and the pages that read are not held up', async () => {
    const { connect } = await import('node:net');
    const board = createWallboard(options(), quiet);
    await board.connect();
    const { port } = new URL(board.url!);
    const sleeper = connect({ host: '127.0.0.1', port: Number(port) });
    sleeper.on('error', () => {});
    sleeper.write('GET /events HTTP/1.1\r\nHost: wallboard\r\n\r\n');
    sleeper.pause();
    const reader = await subscribe(board.url!);
    await reader.next();
    try {
      for (let i = 0; i < 50 && (await (await fetch(`${board.url}/healthz`)).json()).pages > 1; i++) {
        // Big deltas: 300 tiles a write, about 200 kB of JSON.
        await board.write(Array.from({ length: 300 }, (_, q) => metricsEvent({ queueId: `queue-${q}-${'x'.repeat(100)}`, waiting: i })));
        await reader.nextOf('tiles');
      }
      expect((await (await fetch(`${board.url}/healthz`)).json()).pages).toBe(1);
      await board.write([metricsEvent({ queueId: 'still-live', waiting: 1 })]);
      expect((await reader.nextOf('tiles'))!.data.tiles[0].id).toBe('still-live|voice');
    } finally {
      reader.close();
      sleeper.destroy();
      await board.close();
    }
  });
});
