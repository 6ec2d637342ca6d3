import { defineSink, errors, type GenesysEvent } from '@gcstream/core';
import { formatJson } from './formatJson.js';
import { consoleOptionsSchema } from './options.js';
import { createPrettyFormatter } from './pretty/formatPretty.js';
import { choosePaint } from './pretty/style.js';

export const consoleSink = defineSink({
  name: 'console',
  description: 'Prints each event on one line to standard output: readable (pretty, with change summaries of conversations) or JSON.',
  core: '^0.1.0',
  configSchema: consoleOptionsSchema,
  create(config, ctx) {
    const out = ctx.stdout;
    const format: (event: GenesysEvent) => string =
      config.format === 'json'
        ? formatJson
        : createPrettyFormatter({ paint: choosePaint(config.color, out), timeZone: config.timeZone, maxConversations: config.maxConversations, ...(ctx.directory ? { directory: ctx.directory } : {}) });

    const print = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(errors.sinkFatal('console', `cannot write to standard output: ${error.message}`, error));
        // Resolving on the write callback keeps "delivered" honest and lets a slow terminal or pipe push back.
        out.write(text, (error) => (error ? onError(error) : resolve()));
      });

    return {
      async write(batch) {
        if (batch.length === 0) return;
        let text = '';
        for (const event of batch) text += `${format(event)}\n`;
        await print(text);
      },
      async close() {
        // Standard output belongs to the process: it is flushed, never closed, here.
      },
    };
  },
});
