#!/usr/bin/env node
import { stopSignalEchoLeft } from './io.js';
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// After a stop signal, the process stays until a wrapper's copies of it (npx, pnpm) can no longer
// come, which the command's released handler still catches: one that landed while Node was
// tearing down killed it, and the wrapper reported the clean stop as a failure.
const echoLeft = stopSignalEchoLeft();
if (echoLeft > 0) setTimeout(() => process.exit(code), echoLeft + 10);
// A library that left a socket or timer open must not keep a finished command alive.
else setTimeout(() => process.exit(code), 2000).unref();
