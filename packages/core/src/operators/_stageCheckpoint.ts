import type { OperatorState } from './defineOperator.js';

interface StageCheckpoint {
  readonly kind: string;
  readonly seq: number;
  readonly inner: unknown;
}

/**
 * A stage that numbers the keys of what it emits (`…:snapshot:<n>`) and wraps an operator with
 * state: the checkpoint carries the counter with the operator's own state, so a restarted run
 * goes on numbering instead of reusing keys a sink already holds (an upsert would overwrite them).
 */
export function numberedStageState(state: OperatorState | undefined, kind: string): { next(): number; readonly inner: OperatorState | undefined } {
  const restored = state?.restored as StageCheckpoint | undefined;
  const mine = restored?.kind === kind ? restored : undefined;
  let seq = mine?.seq ?? 0;
  return {
    next: () => seq++,
    inner: state && { restored: mine?.inner, save: (snapshot) => state.save((): StageCheckpoint => ({ kind, seq, inner: snapshot() })) },
  };
}
