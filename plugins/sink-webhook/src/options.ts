import { durationSchema } from '@gcstream/core';
import { z } from 'zod';

/** Headers the sink sets itself; a config that sets them would break the body or the signature. */
export const RESERVED_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'host', 'connection', 'x-gcstream-timestamp', 'x-gcstream-signature', 'idempotency-key'];

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const webhookOptionsSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an http:// or https:// address, like https://crm.example.com/hooks/genesys' })
      .meta({ description: 'The http:// or https:// address each batch is sent to. A user and password in it (https://user:pass@host/...) are sent as Authorization: Basic, unless headers set Authorization.', examples: ['https://crm.example.com/hooks/genesys'] }),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST').meta({ description: 'HTTP method of each request.' }),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .superRefine((headers, ctx) => {
        for (const name of Object.keys(headers)) {
          if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a valid HTTP header name` });
          else if (RESERVED_HEADERS.includes(name.toLowerCase()))
            ctx.addIssue({ code: 'custom', path: [name], message: `the sink sets ${name} itself; remove it from headers` });
        }
      })
      .meta({
        description:
          'Extra request headers, such as Authorization. Content-Type, Content-Length, Host, Idempotency-Key and the X-Gcstream-* signature headers are set by the sink. Values of credential headers are redacted from logs and dead letters.',
        examples: [{ Authorization: 'Bearer ${CRM_TOKEN}' }],
      }),
    timeout: durationSchema.prefault('10s').meta({ description: 'Longest wait for one request, from sending to the end of the answer; then it is retried.' }),
    insecureSkipTlsVerify: z
      .boolean()
      .default(false)
      .meta({
        description:
          "Do not verify the receiver's TLS certificate (https:// only). Only for a test receiver with a self-signed certificate; logged as a warning at every start. To trust a private CA instead, set NODE_EXTRA_CA_CERTS.",
      }),
    secret: z
      .string()
      .min(16, 'secret must be at least 16 characters; generate one with `openssl rand -hex 32`')
      .optional()
      .meta({
        description: 'Signs each request: X-Gcstream-Timestamp and X-Gcstream-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + body>. At least 16 characters, e.g. from `openssl rand -hex 32`.',
      }),
  })
  .meta({ description: 'Sends batches of events as JSON ({"events": [...]}) to an HTTP endpoint.' });

export type WebhookOptions = z.output<typeof webhookOptionsSchema>;
