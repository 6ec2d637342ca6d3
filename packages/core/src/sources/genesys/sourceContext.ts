import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { Metrics } from '../../metrics/metrics.js';
import type { DirectoryWriter } from '../../model/directory.js';
import type { PoolLimits } from './channelPool.js';

/** The server's clock when it is not the wall clock: the emulator can run simulated time faster. */
export interface ServerClock {
  /** Server epoch ms. */
  now(): number;
  /** Server ms per local ms. */
  readonly speed: number;
}

export interface SourceContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Timers (pings, watchdog, backoff, rollovers) run here; tests pass a virtual one. */
  readonly scheduler?: SchedulerLike;
  /** HTTP client for login and REST. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Called with every access token so the logger can redact it. */
  registerSecret?(value: string): void;
  /** Set when talking to the emulator with a speed factor. @default the wall clock */
  readonly serverClock?: ServerClock;
  /** Random source for jitter; tests inject a fixed one. @default Math.random */
  readonly random?: () => number;
  /** Overrides the Genesys channel limits (tests). */
  readonly limits?: Partial<PoolLimits>;
  /** Filled with the names of the queues and users discovered while expanding topic templates. */
  readonly directory?: DirectoryWriter;
}
