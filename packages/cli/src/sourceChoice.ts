import { errors, type GenesysSourceConfig } from '@gcstream/core';

/**
 * Whether `run` should start the built-in emulator for this source: only when the config names no
 * org at all. Half a set of credentials, or a region without them, is a mistake that simulated
 * traffic would otherwise hide, so it is a usage error.
 */
export function usesBuiltinEmulator(genesys: Pick<GenesysSourceConfig, 'clientId' | 'clientSecret' | 'region' | 'baseUrl'>, file: string): boolean {
  if (genesys.clientId !== undefined && genesys.clientSecret !== undefined) return false;
  const named = genesys.clientId !== undefined ? 'clientId' : genesys.clientSecret !== undefined ? 'clientSecret' : genesys.region !== undefined ? 'region' : genesys.baseUrl !== undefined ? 'baseUrl' : undefined;
  if (named === undefined) return true;
  throw errors.usage(
    `${file}: source.genesys has ${named} but not both clientId and clientSecret. Give both (from the environment: \${GENESYS_CLIENT_ID}, \${GENESYS_CLIENT_SECRET}), or remove region, baseUrl and the credentials to run on the built-in emulator.`,
  );
}
