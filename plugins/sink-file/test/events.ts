import type { GenesysEvent } from '@gcstream/core';
import { sampleEvents } from '@gcstream/testkit';

const templates = sampleEvents(40);

/** `count` realistic events with keys `${prefix}0`, `${prefix}1`..., received at `receivedAt`. */
export function eventsAt(count: number, receivedAt: number, prefix = 'e'): GenesysEvent[] {
  return Array.from({ length: count }, (_, i) => ({ ...templates[i % templates.length]!, key: `${prefix}${i}`, receivedAt }));
}
