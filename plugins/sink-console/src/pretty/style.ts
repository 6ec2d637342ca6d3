import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** Colours a piece of text, or leaves it plain; decided once per sink. */
export type Paint = (format: Format, text: string) => string;

export const plain: Paint = (_format, text) => text;
// gcstream decides about colour itself (TTY of the sink's stream, NO_COLOR), so Node's own check of
// process.stdout is turned off; older typings do not know the option yet.
const styleWithoutCheck = styleText as (format: Format, text: string, options: { validateStream: boolean }) => string;
export const ansi: Paint = (format, text) => styleWithoutCheck(format, text, { validateStream: false });

/** `auto` colours a terminal unless NO_COLOR is set (https://no-color.org: any non-empty value). */
export function choosePaint(color: 'auto' | 'always' | 'never', stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  if (color === 'never') return plain;
  if (color === 'always') return ansi;
  return stream.isTTY === true && !env.NO_COLOR ? ansi : plain;
}

/** The first 8 characters of an id, enough to tell conversations apart on screen. */
export function shortId(id: string | undefined): string {
  if (!id) return '?';
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

export function clock(epochMs: number, timeZone: 'local' | 'utc'): string {
  const d = new Date(epochMs);
  const [h, m, s] = timeZone === 'utc' ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}
