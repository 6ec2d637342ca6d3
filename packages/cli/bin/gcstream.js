#!/usr/bin/env node
/**
 * The `gcstream` command as a package manager links it: the compiled CLI in `dist/`. A workspace
 * install links this file before anything is built (a link to `dist/bin.js` itself could not be
 * made then, and was left out with a warning on every fresh install), so a run before the build
 * says what to do instead of showing a module-resolution stack.
 */
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/bin.js', import.meta.url);
const compiledPath = fileURLToPath(compiled);
try {
  await import(compiled.href);
} catch (error) {
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(compiledPath);
  if (!missing) throw error;
  process.stderr.write(`[gcstream] the CLI is not built yet (${compiledPath} is missing): build it with \`pnpm build\` in the gcstream checkout (through npx, as its README shows), or run it from source there with \`pnpm gcstream ...\`.\n`);
  process.exitCode = 1;
}
