import type { RunningEmulator } from './options.js';

/** What the CLI prints once the emulator is ready: where it is and how to log in. */
export function describeEmulator(running: Pick<RunningEmulator, 'baseUrl' | 'clientId' | 'clientSecret'>): string {
  return [
    `Genesys Cloud emulator ready at ${running.baseUrl}`,
    `  login:     POST ${running.baseUrl}/oauth/token (client credentials)`,
    `  api:       ${running.baseUrl}/api/v2/...`,
    `  streaming: ${running.baseUrl.replace(/^http/, 'ws')}/channels/<channel id>`,
    `  clientId:     ${running.clientId}`,
    `  clientSecret: ${running.clientSecret}`,
    `  ground truth: GET ${running.baseUrl}/_emulator/truth`,
  ].join('\n');
}
