import { readFileSync } from 'node:fs';
import { describeSinkConformance } from '@gcstream/testkit';
import { createLogger, type GenesysEvent } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { metricsEvent } from '../test/_metricsEvents.js';
import { createWallboard, dashboardSink } from './dashboardSink.js';
import { dashboardOptionsSchema } from './options.js';

describeSinkConformance('dashboard', {
  definition: dashboardSink,
  // Port 0: every sink the suite opens takes a free port of its own.
  options: { port: 0, title: 'Conformance' },
  invalidOptions: [
    { port: 70_000 },
    { port: 'eighty' },
    { host: '' },
    { staleAfter: 'soon' },
    { heartbeat: '10s', staleAfter: '5s' },
    { thresholds: { waiting: { warn: 10, critical: 5 } } },
    { thresholds: { serviceLevel: { warn: 0.5, critical: 0.7 } } },
    { thresholds: { abandonRate: { warn: 2 } } },
    { colours: true },
  ],
  // The wallboard keeps the present state of each queue, not the events: there is nothing to read back by key.
});

const quiet = { logger: createLogger({ level: 'silent' }) };

describe('dashboard sink', () => {
  it('serves the page, its files, the snapshot and health on the address it logs', async () => {
    const board = createWallboard(dashboardOptionsSchema.parse({ port: 0, title: 'Care <floor 2>' }), quiet);
    await board.connect();
    try {
      const page = await fetch(`${board.url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain('<title>Care &#60;floor 2&#62;</title>');
      for (const file of ['/wallboard.js', '/wallboard.css', '/tile.js', '/levels.js', '/format.js', '/connection.js']) expect((await fetch(`${board.url}${file}`)).status, file).toBe(200);
      expect((await fetch(`${board.url}/../package.json`)).status).toBe(404);
      expect((await fetch(`${board.url}/`, { method: 'POST' })).status).toBe(405);
      expect(await (await fetch(`${board.url}/healthz`)).json()).toEqual({ ok: true, pages: 0 });
      await board.write([metricsEvent({ queueId: 'q1', waiting: 4 })]);
      const snapshot = (await (await fetch(`${board.url}/api/snapshot`)).json()) as { title: string; tiles: Array<{ id: string; live: { waiting: number } }> };
      expect(snapshot.title).toBe('Care <floor 2>');
      expect(snapshot.tiles.map((t) => [t.id, t.live.waiting])).toEqual([['q1|voice', 4]]);
    } finally {
      await board.close();
    }
  });

  it('answers a request whose URL cannot be parsed with 400, and goes on serving', async () => {
    const { connect } = await import('node:net');
    const board = createWallboard(dashboardOptionsSchema.parse({ port: 0 }), quiet);
    await board.connect();
    try {
      // `//[` reads as an authority with a broken host: new URL() throws on it, inside the request handler.
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(board.url!).port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.end('GET //[ HTTP/1.1\r\nHost: wallboard\r\nConnection: close\r\n\r\n');
        setTimeout(() => socket.destroy(), 2000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect((await fetch(`${board.url}/healthz`)).status).toBe(200);
    } finally {
      await board.close();
    }
  });

  it('shows a title with $ signs as written (no replacement patterns)', async () => {
    const board = createWallboard(dashboardOptionsSchema.parse({ port: 0, title: "Collections $' $& $$" }), quiet);
    await board.connect();
    try {
      const html = await (await fetch(`${board.url}/`)).text();
      expect(html).toContain("<title>Collections $&#39; $&#38; $$</title>");
      expect(html).toContain("<h1 id=\"title\">Collections $&#39; $&#38; $$</h1>");
    } finally {
      await board.close();
    }
  });

  it('refuses a port in use with an error that names the option to change', async () => {
    const first = createWallboard(dashboardOptionsSchema.parse({ port: 0 }), quiet);
    await first.connect();
    try {
      const port = Number(new URL(first.url!).port);
      const second = createWallboard(dashboardOptionsSchema.parse({ port }), quiet);
      await expect(second.connect()).rejects.toThrow(/\[sink:dashboard\] cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE.*Set another `port`/);
      await second.close();
    } finally {
      await first.close();
    }
  });

  it('ignores events that are not queue metrics, and resolves their writes', async () => {
    const board = createWallboard(dashboardOptionsSchema.parse({ port: 0 }), quiet);
    const other = { ...metricsEvent({ queueId: 'q1' }), topicName: 'v2.users.u1.presence', family: 'presence' } as GenesysEvent;
    await expect(board.write([other])).resolves.toBeUndefined();
    expect(board.snapshot()).toMatchObject({ tiles: [], lastUpdateAt: null });
    await board.close();
  });

  it("documents the thresholds' defaults in the README as the schema sets them", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const t = dashboardOptionsSchema.parse({}).thresholds;
    const ms = (text: string) => (text.endsWith('m') ? Number(text.slice(0, -1)) * 60_000 : text.endsWith('s') ? Number(text.slice(0, -1)) * 1000 : Number(text));
    const row = (name: string) => new RegExp(`\\| \`${name}\` \\| ([^|]+) \\| \`([^\`]+)\` \\|`).exec(readme)!;
    for (const name of ['waiting', 'longestWait', 'abandonRate', 'asa'] as const) {
      const [, warn, critical] = row(name);
      expect([ms(warn!.trim().replaceAll('`', '')), ms(critical!)], name).toEqual([t[name].warn, t[name].critical]);
    }
    expect(ms(row('serviceLevel')[2]!)).toBe(t.serviceLevel.critical);
    expect(t.serviceLevel.warn).toBeUndefined();
  });
});
