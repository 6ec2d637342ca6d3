import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectProcessMetrics, errors, type Metrics } from '@gcstream/core';
import type { Readiness } from './readiness.js';

export interface MetricsServerOptions {
  readonly port: number;
  readonly host: string;
  readonly metrics: Metrics;
  /** Whether the pipeline is receiving (the source is connected): `/readyz` answers 200 only then. */
  readonly ready: () => boolean;
  /** When given, `/readyz` answers from it, with a JSON body that says what is not ready. */
  readonly readiness?: () => Readiness;
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` from the pipeline's prom-client registry (types, help and label escaping are
 * prom-client's), with the process's memory, CPU and event-loop metrics, plus liveness and
 * readiness probes.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  collectProcessMetrics(options.metrics);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path === '/metrics') {
      const { registry } = options.metrics;
      registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': registry.contentType });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`cannot collect metrics: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok\n');
    } else if (path === '/readyz' && options.readiness) {
      const readiness = options.readiness();
      response.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(readiness)}\n`);
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
    server.once('error', (cause) => reject(errors.listen('metrics', options.host, options.port, cause, 'set metrics.port to a free port (0 picks one), or stop the other process.')));
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
