import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { Metrics } from '../../metrics/metrics.js';
import type { DirectoryWriter } from '../../model/directory.js';
import type { PoolLimits } from './channelPool.js';

export interface SourceContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Timers (pings, watchdog, backoff, rollovers) run here; tests pass a virtual one. */
  readonly scheduler?: SchedulerLike;
  /** HTTP client for login and REST. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Called with every access token so the logger can redact it. */
  registerSecret?(value: string): void;
  /**
   * The host's clock, epoch ms. The source keeps its times in the server's clock, estimated from
   * the `Date` headers Genesys Cloud sends; tests pass a skewed clock here. @default Date.now
   */
  readonly now?: () => number;
  /** Random source for jitter; tests inject a fixed one. @default Math.random */
  readonly random?: () => number;
  /** Overrides the Genesys channel limits (tests). */
  readonly limits?: Partial<PoolLimits>;
  /** Filled with the names of the queues and users discovered while expanding topic templates. */
  readonly directory?: DirectoryWriter;
  /**
   * Server epoch ms until which an earlier run of this pipeline was connected (what it last
   * passed to `onConnectedUntil`). With `backfill: true`, the time since then, while no run was
   * connected, is a gap like any other: backfilled once the first socket is live.
   */
  readonly resumeFrom?: number;
  /** Told, about once a second while a socket is live, the server time up to which events were received. */
  onConnectedUntil?(serverMs: number): void;
}
