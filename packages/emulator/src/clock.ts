/**
 * The emulator's clock. Simulated time runs `speed` times faster than wall time, so
 * `--speed 60` plays an hour of contact-center traffic in a minute. Everything in the emulator
 * that is about *simulated* time (conversation timing, eventTime fields, channel and token expiry,
 * analytics intervals) reads this clock and schedules on it.
 */
export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
  readonly speed: number;
  /** Run `fn` after `simMs` simulated milliseconds. Returns a cancel function. */
  setTimeout(fn: () => void, simMs: number): () => void;
}

export interface ClockOptions {
  /** How many simulated milliseconds pass per wall millisecond. @default 1 */
  speed?: number;
  /** Simulated epoch ms at start. @default Date.now() */
  start?: number;
}

export function createClock(options: ClockOptions = {}): Clock {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`clock speed must be > 0, got ${speed}`);
  const wallStart = performance.now();
  const simStart = options.start ?? Date.now();
  return {
    speed,
    now: () => simStart + (performance.now() - wallStart) * speed,
    setTimeout(fn, simMs) {
      const timer = setTimeout(fn, Math.max(0, simMs / speed));
      timer.unref?.();
      return () => clearTimeout(timer);
    },
  };
}
