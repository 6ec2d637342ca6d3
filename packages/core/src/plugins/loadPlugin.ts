import { createRequire } from 'node:module';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
import semver from 'semver';
import { errors } from '../errors/errors.js';
import { isOperatorDefinition, type OperatorDefinition } from '../operators/defineOperator.js';
import { isSinkDefinition, type SinkDefinition } from '../sinks/defineSink.js';
import { shareHostModules } from './hostModules.js';

const corePackage = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The version of `@gcstream/core` that plugins are checked against. */
export const CORE_VERSION: string = corePackage.version;

/** `./my-sink.js`, `../sinks/x.mjs`, `/abs/path.js`, `file:///...`: a local module, relative to the config file. */
export function isModulePath(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:') || isAbsolute(specifier);
}

/** `gcstream-plugin-x`, `@acme/gcstream-plugin-x` or any scoped package: named as an installed package. */
export function isPackageName(specifier: string): boolean {
  return specifier.startsWith('gcstream-plugin-') || specifier.startsWith('@');
}

/**
 * Where an installed package resolves from `baseDir`, or undefined when it is not installed there.
 * Resolution follows ESM rules (the package's `exports`, `import` condition) from the config
 * file's folder, so a plugin installed beside the pipeline is found wherever gcstream itself lives.
 */
export function resolvePackage(name: string, baseDir: string): string | undefined {
  try {
    return resolveModule(name, pathToFileURL(resolvePath(baseDir, 'gcstream.config.yaml')).href);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw errors.pluginLoad(name, error);
  }
}

/**
 * What a `pipeline:` or `sinks:` name that is not registered loads: the name itself when it is a module path or a
 * package name, else the installed `gcstream-plugin-<name>`; undefined when there is nothing to load.
 */
export function pluginSpecifier(name: string, baseDir: string): string | undefined {
  if (isModulePath(name) || isPackageName(name)) return name;
  const packageName = `gcstream-plugin-${name}`;
  return resolvePackage(packageName, baseDir) === undefined ? undefined : packageName;
}

/** What a plugin module exports: a sink or an operator definition. */
export type PluginDefinition = { readonly kind: 'sink'; readonly definition: SinkDefinition } | { readonly kind: 'operator'; readonly definition: OperatorDefinition };

/**
 * Loads a plugin from a local module path (relative to `baseDir`) or an installed package name,
 * and checks it: its default export must be a `defineSink(...)` or `defineOperator(...)`
 * definition, and its `core` range (when it declares one) must accept this `@gcstream/core`.
 */
export async function loadPlugin(specifier: string, baseDir: string, options: LoadPluginOptions = {}): Promise<PluginDefinition> {
  let url: string;
  if (isModulePath(specifier)) {
    url = specifier.startsWith('file:') ? specifier : pathToFileURL(resolvePath(baseDir, specifier)).href;
    checkModuleFile(specifier, fileURLToPath(url), baseDir, options.onWarning);
    shareHostModules();
  } else {
    const resolved = resolvePackage(specifier, baseDir);
    if (resolved === undefined) throw errors.pluginLoad(specifier, new Error(`package "${specifier}" is not installed where ${baseDir} can see it`));
    url = resolved;
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw errors.pluginLoad(specifier, error, isModulePath(specifier) ? localPluginFix(error) : undefined);
  }
  const plugin = pickDefinition(module);
  if (!plugin) throw errors.pluginInvalid(specifier, 'its default export has no name, configSchema and create');
  checkCoreRange(specifier, plugin.definition);
  return plugin;
}

export interface LoadPluginOptions {
  /** Told of a plugin that loads but deserves a second look (a path outside the config's folder). */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** What Node can import as a plugin; anything else (a text file, `/etc/passwd`) is refused before it is read as code. */
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * A local plugin is code run with the user's rights: a path that is not a JavaScript module is
 * refused, and one outside the config's folder is loaded with a warning, since whoever edits the
 * config picks code from anywhere on the machine.
 */
function checkModuleFile(specifier: string, file: string, baseDir: string, onWarning: LoadPluginOptions['onWarning']): void {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw errors.pluginLoad(specifier, new Error(`there is no file ${file}`), "Check it: is the path right? It is relative to the config file's folder.");
  }
  if (!stat.isFile()) throw errors.pluginPath(specifier, `is ${file}, which is not a file. Name the plugin's .js or .mjs file.`);
  if (!MODULE_EXTENSIONS.has(extname(file)) || looksBinary(file)) {
    throw errors.pluginPath(specifier, `is ${file}, which is not a JavaScript module (.js, .mjs or .cjs). Name the plugin's built .js or .mjs file.`);
  }
  const rel = relative(baseDir, file);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    onWarning?.(`[gcstream] warning: plugin "${specifier}" is ${file}, outside the config's folder ${baseDir}; it runs as code with your rights. Move it beside the config if you did not mean that.`);
  }
}

function looksBinary(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** What to do when a local plugin file fails to import: the cause is in the file or what it imports, not in an install. */
function localPluginFix(error: unknown): string {
  const message = (error as Error)?.message ?? '';
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (missing && !missing.startsWith('/') && !missing.startsWith('.')) {
    return `The plugin imports "${missing}", which its folder cannot resolve: install it there (npm i ${missing}); @gcstream/core, zod and rxjs are shared from gcstream when the plugin is an ES module (.mjs).`;
  }
  if (/require is not defined|Cannot use import statement|Unexpected token 'export'/.test(message)) {
    return 'Name the file .mjs (or add "type": "module" to a package.json beside it) so that Node reads it as an ES module.';
  }
  return "Check the path (it is relative to the config file's folder) and the file's syntax.";
}

/** Loads a plugin that must be a sink (see `loadPlugin`). */
export async function loadSinkPlugin(specifier: string, baseDir: string, options: LoadPluginOptions = {}): Promise<SinkDefinition> {
  const plugin = await loadPlugin(specifier, baseDir, options);
  if (plugin.kind !== 'sink') throw errors.pluginMisplaced(specifier, 'operator');
  return plugin.definition;
}

function pickDefinition(module: Record<string, unknown>): PluginDefinition | undefined {
  // A CommonJS plugin arrives as `default: { default: definition }` when compiled with esModuleInterop.
  const candidates = [module.default, (module.default as Record<string, unknown> | undefined)?.default, module.sink, module.operator];
  // An operator definition also has a name, a schema and `create`: it is told apart by its `kind`.
  const operator = candidates.find(isOperatorDefinition);
  if (operator) return { kind: 'operator', definition: operator };
  const sink = candidates.find(isSinkDefinition);
  return sink ? { kind: 'sink', definition: sink } : undefined;
}

/** Fails early, before any event flows, when a plugin was written for another major of core. */
export function checkCoreRange(specifier: string, definition: { readonly core?: string | undefined }, coreVersion: string = CORE_VERSION): void {
  if (definition.core === undefined) return;
  if (semver.validRange(definition.core) === null) {
    throw errors.pluginInvalid(specifier, `its core range "${definition.core}" is not a semver range`);
  }
  if (!semver.satisfies(coreVersion, definition.core, { includePrerelease: true })) {
    throw errors.pluginIncompatible(specifier, definition.core, coreVersion);
  }
}
