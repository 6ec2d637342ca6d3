import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in the spool's folder, that says until when the Genesys source was connected. */
export const SOURCE_POSITION_FILE = 'genesys-position.json';

export interface SourcePosition {
  /** Server epoch ms up to which the last run received events (the earliest a gap since then starts); undefined on a first run. */
  readonly connectedUntil: number | undefined;
  /** Records a newer position. Written at most once a second by the source; a write is atomic (temp file synced, rename). */
  save(serverMs: number): void;
}

/**
 * Where a pipeline with a spool remembers how far its Genesys source got, so the next run (after
 * a crash, a `kill -9` or a planned stop) backfills the time nothing was connected. A missing or
 * unreadable file means a first run: nothing to resume.
 */
export function openSourcePosition(dir: string, onProblem: (message: string, error: unknown) => void): SourcePosition {
  const file = join(dir, SOURCE_POSITION_FILE);
  let connectedUntil: number | undefined;
  try {
    const value = (JSON.parse(readFileSync(file, 'utf8')) as { connectedUntil?: unknown }).connectedUntil;
    if (typeof value === 'number' && Number.isFinite(value)) connectedUntil = value;
    else onProblem(`${file} holds no connectedUntil time; the time since the last run is not backfilled`, undefined);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read ${file}; the time since the last run is not backfilled`, error);
  }
  let failed = false;
  return {
    connectedUntil,
    save(serverMs) {
      try {
        mkdirSync(dir, { recursive: true });
        // Synced before the rename: a renamed file whose data never reached the disk reads back empty after a power cut.
        writeFileSync(`${file}.tmp`, JSON.stringify({ connectedUntil: serverMs, at: new Date(serverMs).toISOString() }), { flush: true });
        renameSync(`${file}.tmp`, file);
        failed = false;
      } catch (error) {
        // Said once per failing spell, not every second.
        if (!failed) onProblem(`cannot write ${file}; a restart will not know where to backfill from`, error);
        failed = true;
      }
    },
  };
}
