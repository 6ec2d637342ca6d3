import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { errors, isGcsError } from '../errors/errors.js';
import { MAX_CONFIG_BYTES, readConfigDocument } from './_configDocument.js';
import { withConfigPlugins } from './_configPlugins.js';
import { validateConfig, type LoadedConfig, type ParseConfigOptions } from './parseConfig.js';

/** Where `gcstream` looks for a config when no file is given, in order, in the working directory. */
export const CONFIG_SEARCH_PLACES = ['gcstream.config.yaml', 'gcstream.config.yml', '.gcstreamrc.yaml', '.gcstreamrc.yml'];

export interface LoadConfigOptions extends ParseConfigOptions {
  /** Told of what loads but deserves a second look, such as a plugin path outside the config's folder. @default ignored */
  onWarning?: (message: string) => void;
}

/**
 * Loads a pipeline config: the given file, or the first of `CONFIG_SEARCH_PLACES` found in `cwd`.
 * With a registry, the plugins the config names (module paths, packages) are loaded into it first.
 * Throws a `GcsError` (usage) when it is missing or wrong; every message names `file:line:column`.
 */
export async function loadConfig(file?: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const found = file === undefined ? await discover(cwd) : resolve(cwd, file);
  let text: string;
  try {
    // Refused before it is read: a multi-gigabyte file named by mistake must not be loaded first.
    const { size } = await stat(found);
    if (size > MAX_CONFIG_BYTES) throw errors.configTooLarge(displayName(found, cwd), size, MAX_CONFIG_BYTES);
    text = await readFile(found, 'utf8');
  } catch (error) {
    if (isGcsError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw errors.configNotFound(`${found} does not exist`);
    throw errors.usage(`cannot read the config ${found}: ${(error as Error).message}. Check the path and its permissions.`);
  }
  return loadConfigText(text, displayName(found, cwd), { ...options, cwd });
}

/**
 * Like `parseConfigText`, and with a registry it first loads the plugins the config names. `file`
 * names the config in messages; relative plugin paths resolve against its folder (from `cwd`).
 */
export async function loadConfigText(text: string, file: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const document = readConfigDocument(text, file, options);
  const registry = options.registry === undefined ? undefined : await withConfigPlugins(options.registry, document, options.onWarning);
  return validateConfig(document, registry);
}

async function discover(cwd: string): Promise<string> {
  // Only discovery is delegated: the text is parsed here, keeping positions for error messages.
  const explorer = cosmiconfig('gcstream', {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'none',
    loaders: { '.yaml': keepText, '.yml': keepText },
    cache: false,
  });
  const result = await explorer.search(cwd);
  if (!result) throw errors.configNotFound(`looked for ${CONFIG_SEARCH_PLACES.join(', ')} in ${cwd}`);
  return result.filepath;
}

function keepText(_filepath: string, content: string): { text: string } {
  return { text: content };
}

/** Messages name the file as the user would type it: relative when it is under the working directory. */
function displayName(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
