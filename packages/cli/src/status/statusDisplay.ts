import type { Metrics, SourceStatusBase } from '@gcstream/core';
import { StatusLine } from '../statusLine.js';
import { StatusPanel } from './statusPanel.js';

type Tty = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface TerminalStatusOptions {
  readonly metrics: Metrics;
  readonly source: () => SourceStatusBase | undefined;
  readonly scrub?: (text: string) => string;
  /** `--status-line`: the compact single line instead of the panel. */
  readonly compact: boolean;
}

/** What `run` draws on a terminal: the live panel, or with `--status-line` the compact single line. */
export function statusOnTerminal(terminal: Tty, options: TerminalStatusOptions): StatusPanel | StatusLine {
  const { compact, ...status } = options;
  return compact ? new StatusLine(terminal, status) : new StatusPanel(terminal, status);
}
