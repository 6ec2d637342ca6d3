/**
 * How long to wait after a 429. Genesys sends `Retry-After` in seconds; we honour it and add up to
 * `jitterMs` so clients throttled together do not return together. Without the header we fall back
 * to a doubling delay.
 */
export function retryAfterDelay(header: string | null | undefined, attempt: number, random: () => number = Math.random, jitterMs = 1000): number {
  let base: number | undefined;
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) base = seconds * 1000;
    else {
      const date = Date.parse(header);
      if (!Number.isNaN(date)) base = Math.max(0, date - Date.now());
    }
  }
  base ??= Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base + random() * jitterMs);
}
