import { Observable } from 'rxjs';
import type { RawFrame } from '../../model/events.js';
import { closable } from '../_closable.js';
import type { Source } from '../source.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { SourceContext } from './sourceContext.js';
import { SourceRun } from './sourceRun.js';
import { idleStatus, type SourceStatus } from './sourceStatus.js';

export type { SourceContext } from './sourceContext.js';
export type { ChannelStatus, SourceStatus } from './sourceStatus.js';

export interface GenesysSource extends Source<SourceStatus> {
  readonly kind: 'genesys';
  /**
   * Cold: subscribing logs in, discovers queues and users, opens the channels and sockets;
   * unsubscribing closes everything. System frames are handled here and not emitted.
   */
  readonly frames$: Observable<RawFrame>;
}

/** The resilient Genesys Cloud notification source. */
export function createGenesysSource(options: GenesysSourceConfig, ctx: SourceContext): GenesysSource {
  let latest: SourceRun | undefined;
  const { frames$, close } = closable(
    new Observable<RawFrame>((subscriber) => {
      const run = new SourceRun(options, ctx, subscriber);
      latest = run;
      run.start().catch((error: unknown) => run.fail(error));
      return () => run.stop();
    }),
  );
  const status = (): SourceStatus => (latest ? latest.status() : idleStatus());
  return {
    kind: 'genesys',
    frames$,
    status,
    ready: () => status().state === 'running',
    close,
  };
}
