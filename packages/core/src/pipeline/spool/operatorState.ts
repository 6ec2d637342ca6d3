import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { OperatorState } from '../../operators/defineOperator.js';

export interface OperatorStateStore {
  /** The state of one stage, keyed by its place and name (`2-queueMetrics`). */
  forStage(key: string): OperatorState;
  /** Whether any stage registered a snapshot. */
  readonly stateful: boolean;
  /**
   * Writes every registered stage's snapshot (each atomically: a temp file synced to disk, then a
   * rename). False when one could not be written: that stage would resume from an older checkpoint,
   * so whatever is saved "after the checkpoint" (the source's position) must not move on.
   */
  checkpoint(): boolean;
}

/**
 * Operator checkpoints in `<spool>/operators/`, one file per stateful stage in V8's
 * structured-clone format (Maps and Sets kept). A file that cannot be read or written, or that an
 * operator refuses (another version's), is reported and skipped: the stage then starts empty, or
 * keeps its last good checkpoint.
 */
export function openOperatorStateStore(dir: string, onProblem: (message: string, error: unknown) => void): OperatorStateStore {
  const snapshots = new Map<string, () => unknown>();
  const fileOf = (key: string) => join(dir, `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.v8`);
  return {
    forStage(key) {
      const file = fileOf(key);
      let restored: unknown;
      try {
        restored = deserialize(readFileSync(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onProblem(`cannot read the checkpoint ${file}; the stage starts empty`, error);
      }
      return {
        restored,
        save(snapshot) {
          snapshots.set(key, snapshot);
        },
        refuse: (reason) => onProblem(`cannot use the checkpoint ${file}: ${reason}; the stage starts empty and its next checkpoint replaces the file`, undefined),
      };
    },
    get stateful() {
      return snapshots.size > 0;
    },
    checkpoint() {
      if (snapshots.size === 0) return true;
      mkdirSync(dir, { recursive: true });
      let written = true;
      for (const [key, snapshot] of snapshots) {
        const file = fileOf(key);
        try {
          // Synced before the rename: a renamed file whose data never reached the disk reads back empty after a power cut.
          writeFileSync(`${file}.tmp`, serialize(snapshot()), { flush: true });
          renameSync(`${file}.tmp`, file);
        } catch (error) {
          written = false;
          onProblem(`cannot write the checkpoint ${file}; a restart resumes from the last one written`, error);
        }
      }
      return written;
    },
  };
}
