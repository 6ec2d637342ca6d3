/**
 * Plots a soak's samples (bench/soak.ts's NDJSON): RSS and heap, event-loop lag, and active handles
 * and resources over time, with a line at each fault. Draws an SVG and renders it to PNG with
 * Debian's Chromium through playwright-core (a devDependency of @gcstream/sink-dashboard; nothing
 * downloads a browser).
 *
 *   node --import tsx bench/soak-plot.ts bench/soak-results/<date>.ndjson [out.png]   (and rewrites <date>-summary.md)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FaultResult } from './_soak-faults.ts';
import { formatSummary, summarize, type RunInfo, type Sample } from './_soak-summary.ts';

const require = createRequire(new URL('../plugins/sink-dashboard/package.json', import.meta.url));
const WIDTH = 1200;
const PANEL = 230;
const LEFT = 70;
const RIGHT = 170;

/** The little of playwright-core used here (it is resolved from the dashboard plugin, not bench/). */
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<{
    newPage(options: { viewport: { width: number; height: number } }): Promise<{ setContent(html: string): Promise<void>; screenshot(options: { path: string; fullPage: boolean }): Promise<unknown> }>;
    close(): Promise<void>;
  }>;
}

interface Series {
  label: string;
  color: string;
  pick: (s: Sample) => number;
}

const PANELS: { title: string; unit: string; series: Series[] }[] = [
  { title: 'Memory', unit: 'MB', series: [{ label: 'RSS', color: '#1f77b4', pick: (s) => s.rssMb }, { label: 'heap used', color: '#2ca02c', pick: (s) => s.heapUsedMb }] },
  {
    title: 'Event-loop lag (per 10 s)',
    unit: 'ms',
    series: [
      { label: 'p50', color: '#2ca02c', pick: (s) => s.lagP50Ms },
      { label: 'p99', color: '#ff7f0e', pick: (s) => s.lagP99Ms },
      { label: 'max', color: '#d62728', pick: (s) => s.lagMaxMs },
    ],
  },
  { title: 'Open handles', unit: '', series: [{ label: 'active handles', color: '#9467bd', pick: (s) => s.handles }, { label: 'active resources', color: '#8c564b', pick: (s) => s.resources }] },
];

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil((v * 1.1) / step) * step;
}

export function drawSvg(samples: Sample[], faults: FaultResult[], title: string): string {
  const tMax = Math.max(60, ...samples.map((s) => s.t));
  const plotW = WIDTH - LEFT - RIGHT;
  const height = 50 + PANELS.length * (PANEL + 40);
  const x = (t: number): number => LEFT + (t / tMax) * plotW;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${title}</text>`];
  PANELS.forEach((panel, i) => {
    const top = 50 + i * (PANEL + 40);
    const yMax = niceMax(Math.max(...panel.series.flatMap((s) => samples.map(s.pick))));
    const y = (v: number): number => top + PANEL - (v / yMax) * PANEL;
    out.push(`<text x="${LEFT}" y="${top - 6}" font-weight="bold">${panel.title}${panel.unit ? ` (${panel.unit})` : ''}</text>`);
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotW}" height="${PANEL}" fill="none" stroke="#999"/>`);
    for (let k = 0; k <= 4; k++) {
      const v = (yMax * k) / 4;
      out.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${+v.toFixed(1)}</text>`);
    }
    for (const f of faults) {
      out.push(`<line x1="${x(f.atS)}" x2="${x(f.atS)}" y1="${top}" y2="${top + PANEL}" stroke="${f.recovered ? '#bbb' : '#d62728'}" stroke-dasharray="3,3"/>`);
      if (i === 0) out.push(`<text x="${x(f.atS) + 2}" y="${top + 12}" font-size="10" fill="#777">${f.n}</text>`);
    }
    panel.series.forEach((series, k) => {
      const points = samples.map((s) => `${x(s.t).toFixed(1)},${y(series.pick(s)).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${points}" fill="none" stroke="${series.color}" stroke-width="1.5"/>`);
      out.push(`<line x1="${LEFT + plotW + 12}" x2="${LEFT + plotW + 32}" y1="${top + 14 + k * 18}" y2="${top + 14 + k * 18}" stroke="${series.color}" stroke-width="3"/><text x="${LEFT + plotW + 38}" y="${top + 18 + k * 18}">${series.label}</text>`);
    });
    for (let m = 0; m <= tMax / 60; m += tMax > 1200 ? 10 : 1) {
      out.push(`<text x="${x(m * 60)}" y="${top + PANEL + 14}" text-anchor="middle">${m} min</text>`);
    }
  });
  out.push(`<text x="${LEFT + plotW + 12}" y="${height - 20}" font-size="10" fill="#777">dashed: fault n</text></svg>`);
  return out.join('\n');
}

/** A soak's NDJSON: its samples, its faults and, once it finished, the run it summarized. */
function readSoak(ndjson: string): { samples: Sample[]; faults: FaultResult[]; run: RunInfo | undefined } {
  const lines = readFileSync(ndjson, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string });
  const summary = lines.find((l) => l.kind === 'summary') as { run?: RunInfo } | undefined;
  return {
    samples: lines.filter((l) => l.kind === 'sample') as unknown as Sample[],
    faults: lines.filter((l) => l.kind === 'fault') as unknown as FaultResult[],
    run: summary?.run,
  };
}

export async function renderPlot(ndjson: string, png: string): Promise<string> {
  const { samples, faults, run } = readSoak(ndjson);
  const title = run
    ? `gcstream soak: examples/queue-dashboard.yaml, ${run.minutes} min at --speed ${run.speed}, emulator ${run.profile} profile, ${faults.length} faults`
    : `gcstream soak: ${ndjson}`;
  const svg = drawSvg(samples, faults, title);
  writeFileSync(png.replace(/\.png$/, '.svg'), svg);
  const { chromium } = require('playwright-core') as { chromium: Chromium };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 50 + PANELS.length * (PANEL + 40) } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
  return png;
}

/** Summarizes a finished soak's NDJSON again (after the summary's code changed), beside it as <date>-summary.md. */
function resummarize(ndjson: string): string | undefined {
  const { samples, faults, run } = readSoak(ndjson);
  if (run === undefined) return undefined;
  const path = ndjson.replace(/\.ndjson$/, '-summary.md');
  writeFileSync(path, formatSummary(summarize(samples, faults, run)));
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [ndjson, png] = process.argv.slice(2);
  if (!ndjson) throw new Error('usage: node --import tsx bench/soak-plot.ts <soak.ndjson> [out.png]   (also rewrites <date>-summary.md)');
  console.log(await renderPlot(ndjson, png ?? ndjson.replace(/\.ndjson$/, '.png')));
  const summary = resummarize(ndjson);
  if (summary !== undefined) console.log(summary);
}
