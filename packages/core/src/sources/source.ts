import type { Observable } from 'rxjs';
import type { RawFrame } from '../model/events.js';

/** Where a source is in its life. `idle` until frames$ is subscribed; `stopped` after close or unsubscribe. */
export type SourceState = 'idle' | 'starting' | 'running' | 'stopped' | 'failed';

/** What every source can tell about itself; each source adds its own fields. */
export interface SourceStatusBase {
  readonly state: SourceState;
  /** Frames handed downstream since the current subscription began. */
  readonly framesReceived: number;
}

/**
 * The one shape of a gcstream source, whatever delivers Genesys Cloud's events (the notification
 * WebSockets, EventBridge). A pipeline only needs these four things from it.
 */
export interface Source<Status extends SourceStatusBase = SourceStatusBase> {
  /** Which source this is, as named under `source:` in a pipeline config. */
  readonly kind: string;
  /**
   * Cold: subscribing connects (logs in, opens sockets, listens, reads the file); unsubscribing
   * releases everything. Frames are raw; `decode` turns them into events.
   */
  readonly frames$: Observable<RawFrame>;
  status(): Status;
  /** True while the source is delivering, or ready to: what `/readyz` reports. */
  ready(): boolean;
  /**
   * Ends delivery: every subscriber of frames$ sees `complete` (so a pipeline drains what it has)
   * and the source releases its sockets, server or file. A later subscription completes at once.
   */
  close(): Promise<void>;
}
