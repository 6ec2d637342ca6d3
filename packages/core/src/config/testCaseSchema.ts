import { z } from 'zod';

/** A notification as Genesys Cloud sends it; `version` and `metadata` may be left out. */
const inputNotificationSchema = z.looseObject({
  topicName: z.string().min(1),
  version: z.string().default('2'),
  eventBody: z.unknown(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

const inputSchema = z.union([
  inputNotificationSchema,
  z.strictObject({ frame: z.string().meta({ description: 'A raw WebSocket frame, sent as is (to test dead letters).' }) }),
]);

export const testCaseSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'What the case shows, printed with its result.' }),
    input: z.array(inputSchema).min(1).meta({ description: 'Notifications fed to the pipeline in order, as Genesys sends them.' }),
    expect: z
      .strictObject({
        count: z.int().min(0).optional().meta({ description: 'How many events leave the last operator.' }),
        events: z
          .array(z.record(z.string(), z.unknown()))
          .optional()
          .meta({ description: 'The events leaving the pipeline, in order; each lists only the fields to check (topicName, family, eventBody.id, ...).' }),
        deadLetters: z.int().min(0).optional().meta({ description: 'How many inputs become dead letters.' }),
      })
      .refine((e) => e.count !== undefined || e.events !== undefined || e.deadLetters !== undefined, { message: 'say what to expect: count, events or deadLetters' }),
  })
  .meta({ description: 'A test case of `gcstream test`: inputs and the expected output of the operators.' });

export const testCasesSchema = z.array(testCaseSchema);

export type PipelineTestCase = z.output<typeof testCaseSchema>;
