export { main } from './main.js';
export { builtinRegistry } from './builtins.js';
export { EXIT, type CliIo, type ExitCode } from './io.js';
export { CLI_VERSION } from './version.js';
