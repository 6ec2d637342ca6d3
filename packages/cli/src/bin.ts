#!/usr/bin/env node
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// The command is done. A copy of its stop signal that a wrapper (npx, pnpm) passes on after that
// must not kill the process as it exits: the wrapper would report a clean stop as a failure.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
// A library that left a socket or timer open must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
