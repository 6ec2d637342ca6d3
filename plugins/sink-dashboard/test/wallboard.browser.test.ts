/**
 * The wallboard in a real browser (Debian's Chromium, driven by playwright-core) on a real
 * pipeline: the emulator's notifications over WebSockets, decoded, rebuilt into conversations,
 * counted by queueMetrics, into the dashboard sink's page.
 */
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@gcstream/emulator';
import { freeLoopbackPort } from '@gcstream/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './_chromium.js';
import { seen, startWallboardPipeline } from './_pipeline.js';

interface SnapshotTile {
  id: string;
  queueName: string;
  live: { waiting: number; interacting: number };
}

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let pipeline: Awaited<ReturnType<typeof startWallboardPipeline>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let url: string;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'gcstream-wallboard-'));
let queueNames: string[];

const snapshot = async () => (await (await fetch(`${url}/api/snapshot`)).json()) as { tiles: SnapshotTile[] };
const shownNames = (page: Page) => page.$$eval('article.tile .queue-name', (els) => [...new Set(els.map((e) => e.textContent ?? ''))].sort());

/** Opens the wallboard and waits until every one of the emulator's queues has a tile. */
async function openBoard(query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/${query}`);
  await page.waitForFunction((count) => new Set([...document.querySelectorAll('article.tile')].map((t) => (t as HTMLElement).dataset.queueId)).size >= count, queueNames.length, { timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, speed: 30, seed: 4242 });
  queueNames = emulator.contactCenter.queues.map((q) => q.name).sort();
  port = await freeLoopbackPort();
  url = `http://127.0.0.1:${port}`;
  pipeline = await startWallboardPipeline(emulator, port, join(dir, 'dead-letters.ndjson'));
  browser = await launchChromium();
  context = browser.context;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pipeline?.stop();
  await emulator?.close();
}, 60_000);

describe('the wallboard in Chromium', () => {
  it("loads and shows a tile for every one of the emulator's queues, by name", async () => {
    const page = await openBoard();
    expect(await page.title()).toBe('Emulator contact center');
    expect(await shownNames(page)).toEqual(queueNames);
    // What the page drew is what the server holds: the same tiles, in the same order.
    const ids = await page.$$eval('article.tile', (els) => els.map((e) => (e as HTMLElement).dataset.id));
    const server = (await snapshot()).tiles.map((t) => t.id);
    expect(ids.filter((id) => server.includes(id!))).toEqual(server.filter((id) => ids.includes(id)));
    expect(await page.getAttribute('#connection', 'data-state')).toBe('live');
    expect(await page.isHidden('#stale')).toBe(true);
    // Every tile shows the live numbers, the interval beside today, and agents.
    const first = page.locator('article.tile').first();
    for (const part of ['.kpi.waiting .value', '.kpi.longest .value', '.kpi.interacting .value', '.service-level .value', 'tr.abandon', 'tr.asa', 'tr.aht', '.agents']) expect(await first.locator(part).count(), part).toBe(1);
    expect(await first.locator('thead').textContent()).toContain('Today');
    await page.close();
  });

  it('updates as events arrive, to the numbers the pipeline computed', async () => {
    const page = await openBoard();
    const before = Number((await page.getAttribute('body', 'data-updates')) ?? 0);
    const metricsBefore = seen.length;
    await page.waitForFunction((n) => Number(document.body.dataset.updates ?? 0) >= n + 3, before, { timeout: 20_000 });
    expect(seen.length).toBeGreaterThan(metricsBefore);
    // Between two updates, the live numbers on the page are the server's.
    let agreed = false;
    for (let i = 0; i < 40 && !agreed; i++) {
      const server = Object.fromEntries((await snapshot()).tiles.map((t) => [t.id, `${t.live.waiting}/${t.live.interacting}`]));
      const shown = Object.fromEntries(
        await page.$$eval('article.tile', (els) => els.map((e) => [(e as HTMLElement).dataset.id!, `${e.querySelector('.kpi.waiting .value')!.textContent}/${e.querySelector('.kpi.interacting .value')!.textContent}`])),
      );
      agreed = JSON.stringify(server) === JSON.stringify(shown);
      if (!agreed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(agreed).toBe(true);
    expect(await page.textContent('#updated')).toMatch(/^Updated \d\d:\d\d:\d\d$/);
    await page.close();
  });

  it('has a large-screen mode (?mode=tv or the toggle) and fits a laptop and a phone', async () => {
    // Looked up and measured in one step: the page re-renders tiles as events arrive, and a node
    // found in one step may be detached (no computed style) by the next.
    const fontSize = (page: Page) =>
      page.waitForFunction(() => {
        const e = document.querySelector('article.tile .kpi.waiting .value');
        const size = e ? parseFloat(getComputedStyle(e).fontSize) : NaN;
        return Number.isFinite(size) ? size : false;
      }).then((h) => h.jsonValue() as Promise<number>);
    const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

    const tv = await openBoard('?mode=tv');
    await tv.setViewportSize({ width: 1920, height: 1080 });
    expect(await tv.evaluate(() => document.body.classList.contains('tv'))).toBe(true);
    const tvSize = await fontSize(tv);
    // Across the room, the detail rows give way to the numbers a supervisor acts on.
    expect(await tv.isVisible('article.tile tr.offered')).toBe(false);
    await tv.click('#tv-toggle');
    expect(await tv.evaluate(() => document.body.classList.contains('tv'))).toBe(false);
    const laptopSizeAt1080 = await fontSize(tv);
    // Readable across a room: the numbers are far larger than on a laptop at the same width.
    expect(tvSize).toBeGreaterThan(laptopSizeAt1080 * 1.5);
    expect(await tv.isVisible('article.tile tr.offered')).toBe(true);
    expect(await tv.evaluate(() => localStorage.getItem('gcstream.wallboard.mode'))).toBe('laptop');
    await tv.close();

    // More tiles than the screen holds: TV mode pages through them, a screenful at a time, then back to the top.
    const small = await openBoard('?mode=tv');
    await small.setViewportSize({ width: 1280, height: 600 });
    await small.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 10_000 });
    await small.waitForFunction(() => window.scrollY === 0, undefined, { timeout: 20_000 });
    await small.close();

    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const page = await openBoard('?mode=laptop');
      await page.setViewportSize(viewport);
      expect(await overflows(page), `${viewport.width}px wide`).toBe(false);
      const widths = await page.evaluate(() => [...document.querySelectorAll('article.tile')].map((e) => e.getBoundingClientRect().width));
      if (viewport.width < 500) for (const w of widths) expect(w).toBeGreaterThan(viewport.width * 0.85);
      else expect(widths.length).toBeGreaterThan(1);
      await page.close();
    }
  });

  it('takes a screenshot a person can read: the queues named, the page full size', async () => {
    const page = await openBoard();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForFunction(() => Number(document.body.dataset.updates ?? 0) > 2);
    const file = join(dir, 'wallboard.png');
    await page.screenshot({ path: file });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1440, 900]);
    // A blank or unstyled page compresses to a few kilobytes; a drawn wallboard does not.
    expect(statSync(file).size).toBeGreaterThan(40_000);
    const text = await page.textContent('#board');
    for (const name of queueNames) expect(text).toContain(name);
    // GCSTREAM_WALLBOARD_SCREENSHOT=1 refreshes the one in the docs.
    if (process.env.GCSTREAM_WALLBOARD_SCREENSHOT) copyFileSync(file, new URL('../../../docs/wallboard.png', import.meta.url));
    await page.close();
  });

  it('shows "stale since" when the server goes away, and comes back live when it restarts on the same port', async () => {
    const page = await openBoard();
    expect(await page.getAttribute('body', 'data-snapshots')).toBe('1');
    const summary = await pipeline.stop();
    expect(summary.sinks.dashboard?.delivered).toBeGreaterThan(0);
    await page.waitForSelector('#stale', { state: 'visible', timeout: 10_000 });
    expect(await page.textContent('#stale')).toMatch(/^Stale since \d\d:\d\d:\d\d/);
    expect(await page.getAttribute('#connection', 'data-state')).toBe('stale');
    // The numbers stay on the wall, marked stale, rather than vanishing.
    expect(await shownNames(page)).toEqual(queueNames);

    pipeline = await startWallboardPipeline(emulator, port, join(dir, 'dead-letters-2.ndjson'));
    await page.waitForSelector('#stale', { state: 'hidden', timeout: 20_000 });
    expect(await page.getAttribute('#connection', 'data-state')).toBe('live');
    expect(Number(await page.getAttribute('body', 'data-snapshots'))).toBeGreaterThanOrEqual(2);
    await page.waitForFunction((count) => new Set([...document.querySelectorAll('article.tile')].map((t) => (t as HTMLElement).dataset.queueId)).size >= count, queueNames.length, { timeout: 30_000 });
    const before = Number((await page.getAttribute('body', 'data-updates')) ?? 0);
    await page.waitForFunction((n) => Number(document.body.dataset.updates ?? 0) > n, before, { timeout: 20_000 });
    await page.close();
  });
});
