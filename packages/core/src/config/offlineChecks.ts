import { resolveHosts } from '../auth/regions.js';
import { errors, formatPosition, isGcsError } from '../errors/errors.js';
import { checkCapacity } from '../sources/genesys/channelPool.js';
import { combineTopics, expandTemplates } from '../sources/genesys/topics.js';
import type { LoadedConfig } from './parseConfig.js';

/**
 * What `run` would refuse that needs no network: an unknown region, and more topics than one
 * OAuth client's 20 channels of 1000 can hold (counting what the config names; `queues: all` is
 * only known after discovery). `validate` runs these, so a config it passes starts.
 */
export function checkConfigOffline(loaded: LoadedConfig): void {
  const genesys = loaded.config.source?.genesys;
  if (!genesys) return;
  const problems: string[] = [];
  const at = (path: Array<string | number>, error: unknown) => {
    if (!isGcsError(error)) throw error;
    problems.push(`${formatPosition(loaded.positionOf(['source', 'genesys', ...path]))}: ${error.message.replace(/^\[gcstream\] /, '')}`);
  };
  if (!genesys.baseUrl) {
    try {
      resolveHosts({ region: genesys.region });
    } catch (error) {
      at(['region'], error);
    }
  }
  try {
    // Names stand in for ids here: each one listed is one queue (or user) once resolved.
    const listed = (selection: 'all' | readonly string[]) => (selection === 'all' ? [] : selection);
    const topics = expandTemplates(genesys.topics, { queueIds: listed(genesys.queues), userIds: listed(genesys.users) });
    checkCapacity(combineTopics(topics).length);
  } catch (error) {
    at(['topics'], error);
  }
  if (problems.length) throw errors.configInvalid(loaded.file, problems);
}
