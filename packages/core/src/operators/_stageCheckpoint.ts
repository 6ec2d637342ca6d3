import type { OperatorState } from './defineOperator.js';

/** Saved map entries (a `Map` spread into an array). */
export type Entries<K, V> = ReadonlyArray<readonly [K, V]>;

/**
 * The checkpoint `state` restored, when it is one of `kind`: every checkpoint is tagged with the
 * operator (and version) that wrote it, so a stage never takes up another's state (a pipeline
 * whose stages were reordered, a checkpoint an older gcstream wrote) and starts empty instead,
 * which `state.refuse` reports.
 */
export function restoredCheckpoint<C extends { readonly kind: string }>(state: OperatorState | undefined, kind: C['kind']): C | undefined {
  const restored = state?.restored as { readonly kind?: unknown } | null | undefined;
  if (restored === undefined) return undefined;
  if (restored?.kind === kind) return restored as C;
  const found = typeof restored?.kind === 'string' ? restored.kind : 'no checkpoint kind';
  state?.refuse?.(`it was written as ${found}, and this gcstream reads ${kind} (another version, or another operator)`);
  return undefined;
}

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
  const mine = restoredCheckpoint<StageCheckpoint>(state, kind);
  let seq = mine?.seq ?? 0;
  return {
    next: () => seq++,
    inner: state && {
      restored: mine?.inner,
      save: (snapshot) => state.save((): StageCheckpoint => ({ kind, seq, inner: snapshot() })),
      ...(state.refuse ? { refuse: (reason: string) => state.refuse?.(reason) } : {}),
    },
  };
}
