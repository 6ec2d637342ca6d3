#!/usr/bin/env node
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A library that left a socket or timer open must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
