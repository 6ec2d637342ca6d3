import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder outside the repository, as a user's project would be, with the given files in it. */
export function tempProject(files: Record<string, string>, prefix = 'gcs-user-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every file under `dir`, with its bytes as text: what a run left on disk (dead letters, spool segments). */
export function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'latin1') }));
}

/** Lines of an NDJSON file, parsed. */
export function ndjson(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A sink plugin whose write never returns: the stalled destination of a shutdown test. */
export const HANGING_SINK = `import { defineSink } from '@gcstream/core';
import { z } from 'zod';

export default defineSink({
  name: 'hang',
  configSchema: z.object({}),
  create() {
    return { write: () => new Promise(() => {}), async close() {} };
  },
});
`;
