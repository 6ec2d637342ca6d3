#!/usr/bin/env node
import { stopSignalEchoLeft } from './io.js';
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// The command is done. A copy of its stop signal that a wrapper (npx, pnpm) passes on after that
// must not kill the process as it exits, or the wrapper reports a clean stop as a failure: such
// copies are ignored, and after a stop signal the process stays until they can no longer come
// (a copy that landed while Node was tearing down still killed it).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
const echoLeft = stopSignalEchoLeft();
if (echoLeft > 0) setTimeout(() => process.exit(code), echoLeft);
// A library that left a socket or timer open must not keep a finished command alive.
else setTimeout(() => process.exit(code), 2000).unref();
