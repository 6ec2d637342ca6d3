import { z } from 'zod';

/**
 * `source.eventbridge` in a pipeline config: Genesys Cloud events delivered through Amazon
 * EventBridge, read from an NDJSON export or received from an EventBridge API destination.
 */
export const eventBridgeSourceSchema = z
  .strictObject({
    file: z.string().min(1).optional().meta({ description: 'NDJSON file with one EventBridge event per line, read once from start to end.' }),
    http: z
      .strictObject({
        port: z.number().int().min(0).max(65535).meta({ description: 'Port to listen on (0 picks a free one).' }),
        host: z.string().default('127.0.0.1').meta({ description: 'Address to listen on. Use 0.0.0.0 only behind a TLS proxy.' }),
        path: z.string().startsWith('/').default('/').meta({ description: 'The URL path the API destination posts to.' }),
        apiKey: z.string().min(1).optional().meta({ description: 'Secret the API destination sends in `apiKeyHeader`; read it from the environment.' }),
        apiKeyHeader: z.string().min(1).default('x-api-key').meta({ description: 'Header carrying the API key (the EventBridge connection\'s API key name).' }),
        maxBodyBytes: z.number().int().positive().default(10 * 1024 * 1024).meta({ description: 'Largest request body accepted.' }),
        allowUnauthenticated: z
          .boolean()
          .default(false)
          .meta({ description: 'Accept posts without an API key on an address other machines can reach (only behind a proxy that checks callers). Logged as a warning at every start.' }),
      })
      .superRefine((http, ctx) => {
        if (http.apiKey !== undefined || http.allowUnauthenticated || isLoopback(http.host)) return;
        ctx.addIssue({
          code: 'custom',
          path: ['host'],
          message: `${http.host} is reachable from other machines, but no apiKey is set: anyone could post events. Set apiKey (from the environment: \${EVENTBRIDGE_API_KEY}), listen on 127.0.0.1 behind your TLS proxy, or set allowUnauthenticated: true if a proxy in front checks callers`,
        });
      })
      .optional(),
  })
  .refine((value) => value.file !== undefined || value.http !== undefined, { message: 'give `file` or `http` (or both)' })
  .meta({ description: 'Genesys Cloud events from Amazon EventBridge: an NDJSON file or an HTTP endpoint for an API destination.' });

/** Only this machine can reach these addresses; anything else is open to the network. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

export type EventBridgeSourceConfig = z.output<typeof eventBridgeSourceSchema>;
export type EventBridgeSourceInput = z.input<typeof eventBridgeSourceSchema>;
