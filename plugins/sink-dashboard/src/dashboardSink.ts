import { defineSink, type SinkContext } from '@gcstream/core';
import { closeServer, listen } from './_listen.js';
import { EventStream } from './eventStream.js';
import { dashboardOptionsSchema, type DashboardOptions } from './options.js';
import { createWallboardServer } from './wallboardServer.js';
import { WallboardState, type TileView } from './wallboardState.js';

/** What a page gets first on every connection, and what `/api/snapshot` answers. */
export interface WallboardSnapshot {
  readonly title: string;
  /** Server wall-clock ms, so the page can age the longest wait on its own clock. */
  readonly now: number;
  readonly staleAfter: number;
  readonly heartbeat: number;
  readonly tvPageInterval: number;
  readonly thresholds: DashboardOptions['thresholds'];
  /** When the board last changed (server ms), null before the first queue metrics arrived. */
  readonly lastUpdateAt: number | null;
  readonly tiles: readonly TileView[];
}

export interface Wallboard {
  /** The page's address once `connect` resolved, e.g. `http://127.0.0.1:8080`. */
  readonly url: string | undefined;
  connect(): Promise<void>;
  write(batch: Parameters<WallboardState['apply']>[0]): Promise<void>;
  close(): Promise<void>;
  snapshot(): WallboardSnapshot;
}

/** The wallboard behind the `dashboard` sink: its state, its HTTP server and the pages connected to it. */
export function createWallboard(config: DashboardOptions, ctx: Pick<SinkContext, 'logger' | 'directory'>): Wallboard {
  const state = new WallboardState(ctx.directory);
  let lastUpdateAt: number | null = null;
  let url: string | undefined;
  const snapshot = (): WallboardSnapshot => ({
    title: config.title,
    now: Date.now(),
    staleAfter: config.staleAfter,
    heartbeat: config.heartbeat,
    tvPageInterval: config.tvPageInterval,
    thresholds: config.thresholds,
    lastUpdateAt,
    tiles: state.snapshot(),
  });
  const stream = new EventStream(snapshot, () => ({ now: Date.now(), lastUpdateAt }), config.heartbeat);
  const server = createWallboardServer({ title: config.title, stream, snapshot });

  return {
    get url() {
      return url;
    },
    async connect() {
      url = await listen(server, config.port, config.host);
      ctx.logger.info({ url }, `wallboard at ${url}`);
    },
    async write(batch) {
      const changed = state.apply(batch);
      if (changed.length === 0) return;
      const now = Date.now();
      lastUpdateAt = now;
      // Pushed as soon as the batch arrives: queueMetrics already paces its emissions (emitInterval).
      stream.send('tiles', { now, lastUpdateAt, tiles: changed.map((id) => state.view(id)) });
    },
    async close() {
      stream.close();
      await closeServer(server);
    },
    snapshot,
  };
}

export const dashboardSink = defineSink({
  name: 'dashboard',
  description: 'Serves a live queue wallboard over HTTP (updates pushed by Server-Sent Events), fed by queueMetrics.',
  core: '^0.1.0',
  configSchema: dashboardOptionsSchema,
  create: (config, ctx) => createWallboard(config, ctx),
});
