import { distance } from 'fastest-levenshtein';

/**
 * The allowed name closest to a misspelled one, or undefined when nothing is close enough to be a
 * plausible typo. Case is ignored so `ClientId` suggests `clientId`.
 */
export function didYouMean(name: string, allowed: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  // Very short names tolerate one edit; others two (a swap of letters, tabel -> table) or about a
  // third of their length.
  const limit = wanted.length <= 3 ? 1 : Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
