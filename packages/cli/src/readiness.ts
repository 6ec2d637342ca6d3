import type { Metrics, Source } from '@gcstream/core';

/** The body of `/readyz`: ready, or what is not. */
export interface Readiness {
  readonly ready: boolean;
  readonly draining: boolean;
  /** One sentence per thing not ready: a channel, a sink, the source, the drain. */
  readonly notReady: readonly string[];
}

export interface ReadinessInputs {
  readonly source: () => Source | undefined;
  readonly metrics: Metrics;
  /** The sinks' labels, as in metrics (console, postgres#2). */
  readonly sinks: readonly string[];
  /** True once the pipeline is stopping: a load balancer should stop sending work at once. */
  readonly draining: () => boolean;
}

interface ChannelView {
  readonly slot: number;
  readonly channelId?: string;
  readonly connected: boolean;
}

/**
 * Ready means every notification channel has its socket and every sink is connected with its last
 * write succeeded; never while draining. What is not ready is said, so an operator reading the 503
 * knows where to look.
 */
export function readinessProbe(inputs: ReadinessInputs): () => Readiness {
  return () => {
    const notReady: string[] = [];
    const draining = inputs.draining();
    if (draining) notReady.push('draining: the pipeline is stopping');
    const source = inputs.source();
    if (!source) notReady.push('source: not started yet');
    else {
      const status = source.status() as ReturnType<Source['status']> & { channels?: readonly ChannelView[] };
      if (!source.ready()) notReady.push(`source ${source.kind}: ${status.state}`);
      if (status.channels) {
        if (status.channels.length === 0) notReady.push('channels: none open yet');
        for (const channel of status.channels) {
          if (!channel.connected) notReady.push(`channel ${channel.slot}${channel.channelId ? ` (${channel.channelId})` : ''}: socket not connected`);
        }
      }
    }
    const snapshot = inputs.metrics.snapshot();
    for (const sink of inputs.sinks) {
      const connected = snapshot[`gcstream_sink_connected{sink="${sink}"}`];
      if (connected === undefined) notReady.push(`sink ${sink}: not connected yet`);
      else if (connected === 0) notReady.push(`sink ${sink}: writes are failing (retrying)`);
    }
    return { ready: notReady.length === 0, draining, notReady };
  };
}
