import { eventJson, type GenesysEvent } from '@gcstream/core';

/** The event as one JSON line: the Genesys envelope plus gcstream's fields (topic, family, key, ...), the body as it arrived. */
export function formatJson(event: GenesysEvent): string {
  return eventJson(event);
}
