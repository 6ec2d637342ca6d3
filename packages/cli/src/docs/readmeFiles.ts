import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/** Every README whose option tables come from the schema, relative to the repository root. */
export const README_FILES: readonly string[] = [
  'README.md',
  'packages/core/README.md',
  ...readdirSync(`${REPO_ROOT}/plugins`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `plugins/${entry.name}/README.md`),
];
