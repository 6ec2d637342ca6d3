import { concatMap, defer, from, tap, type Observable, type ObservableInput } from 'rxjs';

export interface RolloverSteps<C, L> {
  /** Creates the replacement channel. */
  open(): ObservableInput<C>;
  /** Subscribes the replacement's topics and connects its socket; emits once it is live. */
  makeLive(channel: C): ObservableInput<L>;
  /** Lets the old socket go. Runs only after the replacement is live. */
  release(replacement: L): void;
}

/**
 * Planned turnover without a gap: open the new channel, make it live, and only then let the old
 * one go. The overlap delivers some notifications twice; dedupe removes them downstream, which is
 * the price of never having a moment with no socket. If a step fails, `release` never runs and the
 * old socket keeps serving.
 */
export function rollover<C, L>(steps: RolloverSteps<C, L>): Observable<L> {
  return defer(() => from(steps.open())).pipe(
    concatMap((channel) => from(steps.makeLive(channel))),
    tap((live) => steps.release(live)),
  );
}
