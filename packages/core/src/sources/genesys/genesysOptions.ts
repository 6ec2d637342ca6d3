import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';

/** Which queues or users a topic template expands to: `all`, or a list of ids or names. */
const selectionSchema = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]);

/**
 * `source.genesys` in a pipeline config. Omit the credentials and the CLI runs the pipeline on
 * the built-in emulator.
 */
export const genesysSourceSchema = z
  .strictObject({
    region: z.string().optional().meta({ description: 'AWS-style region name (us-east-1) or Genesys Cloud domain (mypurecloud.ie).' }),
    baseUrl: z
      .string()
      .url()
      .optional()
      .meta({ description: 'Overrides region: one base URL serving login, api and streaming (how the emulator is reached).' }),
    clientId: z.string().min(1).optional().meta({ description: 'OAuth client id (client-credentials grant).' }),
    clientSecret: z.string().min(1).optional().meta({ description: 'OAuth client secret. Read it from the environment: ${GENESYS_CLIENT_SECRET}.' }),
    topics: z
      .array(z.string().min(1))
      .min(1)
      .default(['v2.routing.queues.{queueId}.conversations'])
      .meta({ description: 'Concrete topics or templates with {queueId}, {userId}, {conversationId}.' }),
    queues: selectionSchema.default('all').meta({ description: 'Queues that {queueId} expands to: all, or ids or names.' }),
    users: selectionSchema.default('all').meta({ description: 'Users that {userId} expands to: all, or ids or names.' }),
    backfill: z.boolean().default(false).meta({ description: 'Fill gaps while no socket was up from the analytics details API.' }),
    pingInterval: durationSchema.prefault('15s').meta({ description: 'How often to send an app-level ping.' }),
    heartbeatTimeout: durationSchema.prefault('35s').meta({ description: 'Silence after which a socket is considered dead.' }),
    reconnect: z
      .strictObject({
        initialDelay: durationSchema.prefault('500ms'),
        maxDelay: durationSchema.prefault('30s'),
      })
      .prefault({}),
    rolloverBefore: durationSchema.prefault('10m').meta({ description: 'Open a replacement channel this long before a channel expires.' }),
    backfillMargin: durationSchema
      .prefault('30s')
      .meta({ description: 'Widen each backfilled gap by this much on both sides, to catch conversations that started just before it.' }),
    backfillRetention: durationSchema
      .prefault('7d')
      .meta({ description: "How far back backfill reaches: a gap (or a failed backfill, retried with backoff) older than this is recorded as lost. Keep it within the org's analytics retention." }),
    insecureSkipTlsVerify: z
      .boolean()
      .default(false)
      .meta({
        description:
          "Do not verify Genesys Cloud's TLS certificates (login, REST and WebSocket). Only for a test proxy with a self-signed certificate; logged as a warning at every start. To trust a private CA instead, set NODE_EXTRA_CA_CERTS.",
      }),
    requestTimeout: durationSchema
      .prefault('30s')
      .meta({ description: 'Give up on one REST request or login that has not answered after this long, and retry it (within maxRetryWait).' }),
    maxRetryWait: durationSchema.prefault('5m').meta({ description: 'Give up on a rate-limited (429) request after waiting this long in total.' }),
  })
  .meta({ description: 'The Genesys Cloud notification source.' });

export type GenesysSourceConfig = z.output<typeof genesysSourceSchema>;
