import { createRequire } from 'node:module';

/** The CLI's version, read from its package.json (from src/ in tests and dist/ when installed). */
export const CLI_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
