import fc from 'fast-check';
import { decodeFrame, isDeadLetter, type GenesysEvent } from '@gcstream/core';
import { arbGenesysFrame } from '../arbitraries/frames.js';

/**
 * Decoded events of every family, reproducible from `seed`: what a sink meets in production,
 * including the extra fields Genesys adds without notice.
 */
export function sampleEvents(count: number, seed = 42): GenesysEvent[] {
  const events: GenesysEvent[] = [];
  const frames = fc.sample(arbGenesysFrame(), { numRuns: count * 2, seed });
  for (const frame of frames) {
    const decoded = decodeFrame(frame);
    if (isDeadLetter(decoded) || decoded.family === 'system') continue;
    // Distinct keys, so a sink's read-back can tell the events apart.
    events.push({ ...decoded, key: `${decoded.key}#${events.length}` });
    if (events.length === count) break;
  }
  return events;
}
