import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { resolveHosts } from '../auth/regions.js';
import { errors, formatPosition, isGcsError } from '../errors/errors.js';
import { checkCapacity } from '../sources/genesys/channelPool.js';
import { combineTopics, expandTemplates } from '../sources/genesys/topics.js';
import type { LoadedConfig } from './parseConfig.js';

/**
 * What `run` would refuse that needs no network: an unknown region, more topics than one OAuth
 * client's 20 channels of 1000 can hold (counting what the config names; `queues: all` is only
 * known after discovery), a source file that cannot be read. `validate` runs these, so a config it
 * passes starts.
 */
export function checkConfigOffline(loaded: LoadedConfig): void {
  const problems: string[] = [];
  for (const kind of ['eventbridge', 'replay'] as const) {
    const file = (loaded.config.source?.[kind] as { file?: string } | undefined)?.file;
    if (file === undefined) continue;
    try {
      accessSync(resolve(loaded.baseDir, file), constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${formatPosition(loaded.positionOf(['source', kind, 'file']))}: [source:${kind}] cannot read ${file} (${code}); the path is relative to the config file's folder`);
    }
  }
  const genesys = loaded.config.source?.genesys;
  if (!genesys) {
    if (problems.length) throw errors.configInvalid(loaded.file, problems);
    return;
  }
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
