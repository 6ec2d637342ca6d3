import { z } from 'zod';

export const consoleOptionsSchema = z
  .strictObject({
    format: z
      .enum(['pretty', 'json'])
      .default('pretty')
      .meta({ description: 'pretty: one readable line per event, conversations summarised by what changed. json: the event as one JSON line.' }),
    color: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .meta({ description: 'auto colours only when the output is a terminal and NO_COLOR is unset.' }),
    timeZone: z
      .enum(['local', 'utc'])
      .default('local')
      .meta({ description: 'Time zone of the event times printed by the pretty format.' }),
    maxConversations: z
      .int()
      .min(1)
      .default(10_000)
      .meta({ description: 'Conversations remembered to print what changed; the least recently seen is forgotten first.' }),
  })
  .meta({ description: 'Prints events to standard output.' });

export type ConsoleOptions = z.output<typeof consoleOptionsSchema>;
