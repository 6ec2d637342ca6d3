import { z } from 'zod';
import { byteSizeSchema } from './_byteSize.js';
import { pathTemplateProblem } from './pathTemplate.js';

export const fileOptionsSchema = z
  .strictObject({
    path: z
      .string()
      .default('gcstream-{date}.ndjson')
      .superRefine((template, ctx) => {
        const problem = pathTemplateProblem(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({
        description:
          'File for each event, relative to dir, never outside it (no absolute path, no ..). Placeholders: {date} (YYYY-MM-DD) and {hour} (HH), the UTC time the event was received; {family}; {topic} (the topic pattern, made safe for a file name); {id} (the first id in the topic name: the conversation of a transcript, the queue of a queue topic).',
        examples: ['events/{date}/{family}.ndjson', 'gcstream-{date}-{hour}.ndjson', 'transcripts/{id}.ndjson'],
      }),
    dir: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "Folder every file stays inside, relative to the config file's folder. Default: the config file's folder." }),
    maxBytes: byteSizeSchema
      .optional()
      .meta({ description: 'Rotate a file before it grows past this size: 64MB, 1GiB, or a number of bytes. An event larger than this gets a file of its own. Default: no size limit; files still rotate when the path changes.' }),
    gzip: z.boolean().default(false).meta({ description: 'Compress each rotated file to <name>.gz (in the background; the uncompressed file is removed once the .gz is complete).' }),
    maxOpenFiles: z
      .number()
      .int()
      .min(1)
      .default(128)
      .meta({ description: 'Most files kept open between writes; past it the least recently written is closed, and reopened to append when its next event comes. Matters with {id}: one file per conversation.' }),
    fsync: z
      .boolean()
      .default(false)
      .meta({ description: 'Sync every write to the disk before it counts as delivered, so a power loss loses nothing already acknowledged. Slower.' }),
  })
  .meta({ description: 'Appends events as NDJSON (one JSON event a line) to files on the local disk, with rotation.' });

export type FileOptions = z.output<typeof fileOptionsSchema>;
