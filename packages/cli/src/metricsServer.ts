import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '@gcstream/core';

export interface MetricsServerOptions {
  readonly port: number;
  readonly host: string;
  readonly metrics: Metrics;
  /** Whether the pipeline is receiving (the source is connected): `/readyz` answers 200 only then. */
  readonly ready: () => boolean;
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Prometheus exposition of gcstream's counters and gauges, plus liveness and readiness probes.
 * Series names already follow Prometheus conventions (`_total` for counters), so the text is
 * written straight from the snapshot, with no second registry to keep in step.
 */
export function exposition(snapshot: Readonly<Record<string, number>>): string {
  const byName = new Map<string, string[]>();
  for (const [series, value] of Object.entries(snapshot)) {
    const name = series.split('{', 1)[0]!;
    const lines = byName.get(name) ?? [];
    lines.push(`${series} ${Number.isFinite(value) ? value : 'NaN'}`);
    byName.set(name, lines);
  }
  let text = '';
  for (const [name, lines] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    text += `# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n${lines.join('\n')}\n`;
  }
  return text;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(exposition(options.metrics.snapshot()));
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok\n');
    } else if (path === '/readyz') {
      const ready = options.ready();
      response.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
      response.end(ready ? 'ready\n' : 'not ready: the source is not connected\n');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found: try /metrics, /healthz or /readyz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
