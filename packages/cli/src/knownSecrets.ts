import { SecretSet } from '@gcstream/core';

/**
 * Every secret a command learnt (from the config it loaded), for output that does not pass
 * through the logger: the last-resort report of an unexpected error in `main`.
 */
export const knownSecrets = new SecretSet();
