import type { GenesysEvent } from '@gcstream/core';

/** The event as one JSON line: the Genesys envelope plus gcstream's fields (topic, family, key, ...). */
export function formatJson(event: GenesysEvent): string {
  return JSON.stringify(event);
}
