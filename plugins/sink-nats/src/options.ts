import { z } from 'zod';
import { durationSchema, fieldPathSchema } from '@gcstream/core';
import { subjectTemplateProblem } from './subjectTemplate.js';

export const natsOptionsSchema = z
  .strictObject({
    servers: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .default('nats://127.0.0.1:4222')
      .meta({ description: 'NATS server URL(s): nats://host:4222, or a list for a cluster.' }),
    subject: z
      .string()
      .superRefine((template, ctx) => {
        const problem = subjectTemplateProblem(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('gcstream.{family}.{topicName}')
      .meta({
        description:
          'Subject template. {field} placeholders take event fields ({family}, {topicName}, {topic}, {source}, {eventBody.queueId}); each value becomes one subject token, with characters other than letters, digits, _ and - replaced by _.',
      }),
    stream: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'a stream name is letters, digits, _ and -')
      .default('GCSTREAM')
      .meta({ description: 'The JetStream stream that stores the subjects.' }),
    createStream: z
      .boolean()
      .default(false)
      .meta({ description: 'Create the stream if it is missing, capturing every subject the template makes (gcstream.*.*).' }),
    duplicateWindow: durationSchema
      .prefault('2m')
      .meta({ description: "For createStream: how long JetStream remembers a message id to drop a redelivery. Keep the sink's retries within it." }),
    msgId: fieldPathSchema
      .default('key')
      .meta({ description: 'Field path of the Nats-Msg-Id header: the identity by which JetStream drops duplicates.' }),
    ackTimeout: durationSchema.prefault('5s').meta({ description: 'How long to wait for the publish acknowledgement before the batch is retried.' }),
    maxPending: z.int().min(1).max(65_536).default(1024).meta({ description: 'Publishes waiting for their acknowledgement at once, per write.' }),
    user: z.string().optional().meta({ description: 'User name, with password.' }),
    password: z.string().optional().meta({ description: 'Password (a secret: never logged).' }),
    token: z.string().optional().meta({ description: 'Authentication token (a secret: never logged).' }),
  })
  .meta({ description: 'Publishes events to NATS JetStream, one message each, deduplicated by key.' });

export type NatsOptions = z.output<typeof natsOptionsSchema>;
