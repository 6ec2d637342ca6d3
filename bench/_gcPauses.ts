/**
 * Every garbage collection's pause, as the runtime reports it, so each pass of a benchmark is
 * charged its own. (`--trace-gc` cannot tell them apart: V8 writes its lines through C's buffered
 * output, which on a pipe does not come in order with the script's.) Entries arrive a few
 * milliseconds late: wait a little after the last pass before asking.
 */
import { PerformanceObserver } from 'node:perf_hooks';

const pauses: { readonly start: number; readonly duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

/** The pauses that began during a pass (its `performance.now()` span), in ms. */
export const gcMsOf = ({ from, to }: { readonly from: number; readonly to: number }): number => pauses.reduce((sum, pause) => (pause.start >= from && pause.start < to ? sum + pause.duration : sum), 0);
