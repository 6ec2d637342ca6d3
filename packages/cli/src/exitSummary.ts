import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DEAD_LETTER_FILE, type LoadedConfig, type RunSummary, type SourceStatusBase } from '@gcstream/core';
import { displayPath } from './io.js';

interface GapView {
  readonly gaps?: { readonly open: number; readonly closed: number; readonly totalMs: number; readonly unfilled: number; readonly unfilledMs: number; readonly lostMs: number };
  readonly backfilled?: number;
  readonly reconnects?: number;
  readonly rollovers?: number;
}

export interface ExitSummaryInputs {
  readonly summary: RunSummary;
  readonly loaded: LoadedConfig;
  readonly source: SourceStatusBase | undefined;
  /** `--dead-letters`, as given, resolved against the working directory. */
  readonly deadLetterFile?: string | undefined;
  readonly cwd: string;
}

/** Every dead-letter file this run may have written: the pipeline's and each sink's own. */
function deadLetterFiles(inputs: ExitSummaryInputs): string[] {
  const { loaded } = inputs;
  const files = new Set<string>([inputs.deadLetterFile ?? resolve(loaded.baseDir, DEFAULT_DEAD_LETTER_FILE)]);
  for (const entry of loaded.sinks) {
    const own = entry.resolved?.engine.deadLetterFile;
    if (own) files.add(resolve(loaded.baseDir, own));
  }
  return [...files];
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

/**
 * What a run did, printed when it ends (to standard error, beside the logs): per sink what it
 * delivered and gave up on, where the dead letters are, and the source's gaps and backfill. The
 * one place to look after a night's run.
 */
export function exitSummary(inputs: ExitSummaryInputs): string {
  const { summary } = inputs;
  const out = [`gcstream run ended (${summary.reason}${summary.drained ? '' : ', drain cut short'}): ${summary.frames} frames in, ${summary.events} events out, ${summary.deadLetters} dead letters`];
  for (const [sink, s] of Object.entries(summary.sinks)) {
    out.push(`  sink ${sink}: ${s.delivered} delivered, ${s.deadLettered} dead-lettered${s.dropped ? ` (${s.dropped} dropped from a full buffer)` : ''}, ${s.retries} retries${s.timeouts ? `, ${s.timeouts} write timeouts` : ''}`);
  }
  if (summary.undelivered.kept) out.push(`  ${summary.undelivered.kept} events kept in the spool for the next run`);
  // A file from an earlier run is named too: it is where to look either way.
  for (const file of deadLetterFiles(inputs).filter((f) => existsSync(f))) out.push(`  dead letters: ${displayPath(file, inputs.cwd)} (${lines(file)} lines)`);
  const source = inputs.source as (SourceStatusBase & GapView) | undefined;
  if (source?.gaps) {
    const { gaps } = source;
    const count = gaps.open + gaps.closed;
    const unfilled = Math.round((gaps.unfilledMs + gaps.lostMs) / 1000);
    out.push(
      `  source: ${source.reconnects ?? 0} reconnects, ${source.rollovers ?? 0} rollovers, ${count} gap${count === 1 ? '' : 's'} (${(gaps.totalMs / 1000).toFixed(1)} s without a socket), ${source.backfilled ?? 0} events backfilled${unfilled ? `, ${unfilled} s NOT backfilled` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}
