// gcstream-plugin-csv: a sink a gcstream user writes for their own team. It appends one CSV row per
// event to a file, with the columns the pipeline names, so a spreadsheet can follow the queues.
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { defineSink, errors } from '@gcstream/core';
import { z } from 'zod';

const configSchema = z.strictObject({
  path: z.string().min(1).meta({ description: 'The CSV file, relative to the config file.' }),
  columns: z
    .array(z.string().min(1))
    .min(1)
    .default(['eventTime', 'family', 'topicName', 'key'])
    .meta({ description: 'Dotted field paths of the event, one column each (eventBody.id, ids.0...).' }),
  header: z.boolean().default(true).meta({ description: 'Write the column names as the first row of a new file.' }),
});

/** Reads `a.b.0.c` from an event; a missing step gives an empty cell. */
function pick(event, path) {
  let value = event;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[step];
  }
  return value;
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break, doubling inner quotes. */
function cell(value) {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export default defineSink({
  name: 'csv',
  description: 'Appends selected event fields as CSV rows to a file.',
  core: '^0.1.0',
  configSchema,
  create(config, ctx) {
    const file = resolve(ctx.baseDir, config.path);
    const inside = relative(ctx.baseDir, file);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw errors.usage(`[sink:csv] path "${config.path}" leaves the config's folder; write it relative to ${ctx.baseDir}`);
    }
    return {
      async connect() {
        await mkdir(dirname(file), { recursive: true });
        const exists = await stat(file).then(() => true, () => false);
        if (config.header && !exists) await appendFile(file, `${config.columns.map(cell).join(',')}\n`);
      },
      async write(batch) {
        if (batch.length === 0) return;
        const rows = batch.map((event) => config.columns.map((column) => cell(pick(event, column))).join(','));
        try {
          // One append per batch: the rows of a batch land together and in order.
          await appendFile(file, `${rows.join('\n')}\n`);
        } catch (error) {
          // A full disk or a file held by another program may clear up: let the engine retry.
          throw errors.sinkRetryable('csv', `cannot append to ${file}: ${error.message}`, error);
        }
      },
      async close() {},
    };
  },
});
