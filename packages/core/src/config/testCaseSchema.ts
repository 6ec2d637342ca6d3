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

const patterns = z.array(z.record(z.string(), z.unknown()));

export const testCaseSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'What the case shows, printed with its result.' }),
    input: z.array(inputSchema).min(1).optional().meta({ description: 'Notifications fed to the pipeline in order, as Genesys sends them.' }),
    inputFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'An NDJSON file of notifications or events (one written by the file sink, or by `gcstream record`), relative to the config; fed after `input`.' }),
    sink: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "Also write the output to this sink (its label: file, postgres, postgres#2) with a throwaway destination (a temp directory, a temp PostgreSQL schema) and check what it wrote instead of the operators' output." }),
    expect: z
      .strictObject({
        count: z.int().min(0).optional().meta({ description: 'How many events leave the last operator (or rows/lines the sink wrote).' }),
        events: patterns
          .optional()
          .meta({ description: 'The events leaving the pipeline, in order; each lists only the fields to check (topicName, family, eventBody.id, ...).' }),
        exact: z.array(z.unknown()).optional().meta({ description: 'The whole output, in order, every field equal.' }),
        contains: patterns.optional().meta({ description: 'Patterns that some output event matches, in any order.' }),
        deadLetters: z.int().min(0).optional().meta({ description: 'How many inputs become dead letters.' }),
      })
      .refine((e) => Object.values(e).some((v) => v !== undefined), { message: 'say what to expect: count, events, exact, contains or deadLetters' }),
  })
  .refine((c) => c.input !== undefined || c.inputFile !== undefined, { message: 'give the case an input list or an inputFile', path: ['input'] })
  .meta({ description: 'A test case of `gcstream test`: inputs and the expected output of the operators or of one sink.' });

export const testCasesSchema = z.array(testCaseSchema);

export type PipelineTestCase = z.output<typeof testCaseSchema>;
