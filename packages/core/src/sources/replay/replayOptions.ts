import { z } from 'zod';

/** `source: { replay: ... }` in a pipeline config: a recording made by `gcstream record`. */
export const replaySourceSchema = z
  .strictObject({
    file: z.string().min(1).meta({ description: 'The NDJSON recording (`gcstream record --out`), relative to the config; .gz is read compressed.' }),
    speed: z
      .union([z.number().positive(), z.literal('max')])
      .default(1)
      .meta({ description: 'Replay pace: 1 is as recorded, 10 ten times faster, max as fast as the pipeline takes them.' }),
  })
  .meta({ description: 'Replays frames recorded with `gcstream record`, in order, keeping their recorded receive times.' });

export type ReplaySourceConfig = z.output<typeof replaySourceSchema>;
export type ReplaySourceInput = z.input<typeof replaySourceSchema>;

/** One line of a recording: a raw frame and when it was received. */
export interface RecordedFrame {
  readonly receivedAt: number;
  readonly channelId: string;
  readonly data: string;
  readonly source?: string;
}
