import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
import { CORE_VERSION, checkCoreRange, isModulePath, isPackageName, loadSinkPlugin, pluginSpecifier, resolvePackage } from './loadPlugin.js';

/** A plugin module without imports, so it loads from any folder; its schema is a stand-in. */
const pluginSource = (name: string, extra = '') => `
const configSchema = { safeParse: (value) => ({ success: true, data: value }), parse: (value) => value };
export default { name: '${name}', configSchema, create: () => ({ write: async () => {}, close: async () => {} }) ${extra} };
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gcs-plugin-'));
}

function installPackage(baseDir: string, name: string, source: string): void {
  const dir = join(baseDir, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } }, peerDependencies: { '@gcstream/core': '*' } }));
  writeFileSync(join(dir, 'index.js'), source);
}

describe('loadSinkPlugin', () => {
  it('loads a local module relative to the config directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sinks'));
    writeFileSync(join(dir, 'sinks', 'audit.mjs'), pluginSource('audit'));
    const definition = await loadSinkPlugin('./sinks/audit.mjs', dir);
    expect(definition.name).toBe('audit');
  });

  it('loads an installed package by name, resolved from the config directory (ESM exports)', async () => {
    const dir = tempDir();
    installPackage(dir, 'gcstream-plugin-kafka', pluginSource('kafka'));
    installPackage(dir, '@acme/gcstream-plugin-audit', pluginSource('acme-audit'));
    expect((await loadSinkPlugin('gcstream-plugin-kafka', dir)).name).toBe('kafka');
    expect((await loadSinkPlugin('@acme/gcstream-plugin-audit', dir)).name).toBe('acme-audit');
    expect(resolvePackage('gcstream-plugin-kafka', dir)).toMatch(/index\.js$/);
    expect(resolvePackage('gcstream-plugin-absent', dir)).toBeUndefined();
  });

  it('tells what a sinks: name that is not built in loads', () => {
    const dir = tempDir();
    installPackage(dir, 'gcstream-plugin-kafka', pluginSource('kafka'));
    expect(pluginSpecifier('kafka', dir)).toBe('gcstream-plugin-kafka');
    expect(pluginSpecifier('./sinks/audit.mjs', dir)).toBe('./sinks/audit.mjs');
    expect(pluginSpecifier('@acme/sink', dir)).toBe('@acme/sink');
    expect(pluginSpecifier('absent', dir)).toBeUndefined();
  });

  it('explains a missing package or module', async () => {
    const dir = tempDir();
    await expect(loadSinkPlugin('gcstream-plugin-absent', dir)).rejects.toThrow(/cannot load plugin "gcstream-plugin-absent".*not installed/);
    const error = await loadSinkPlugin('./nope.mjs', dir).catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_PLUGIN_LOAD')).toBe(true);
    expect((error as Error).message).toContain('is the path right?');
  });

  it('rejects a module that is not a sink definition', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.mjs'), 'export default { hello: "world" };');
    const error = await loadSinkPlugin('./bad.mjs', dir).catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_PLUGIN_INVALID')).toBe(true);
    expect((error as Error).message).toContain('defineSink');
  });

  it('fails early when the plugin needs another core', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.mjs'), pluginSource('old', ", core: '^99.0.0'"));
    const error = await loadSinkPlugin('./old.mjs', dir).catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_PLUGIN_INCOMPATIBLE')).toBe(true);
    expect((error as Error).message).toContain(`needs @gcstream/core ^99.0.0, but this is ${CORE_VERSION}`);
  });
});

describe('checkCoreRange', () => {
  it('accepts a matching or absent range and rejects a bad one', () => {
    expect(() => checkCoreRange('x', {}, '0.1.0')).not.toThrow();
    expect(() => checkCoreRange('x', { core: '^0.1.0' }, '0.1.3')).not.toThrow();
    expect(() => checkCoreRange('x', { core: '>=1' }, '0.1.0')).toThrow(/needs @gcstream\/core >=1/);
    expect(() => checkCoreRange('x', { core: 'not a range!' }, '0.1.0')).toThrow(/not a semver range/);
  });
});

describe('specifier kinds', () => {
  it('tells module paths from package names', () => {
    expect(isModulePath('./a.js')).toBe(true);
    expect(isModulePath('../a.js')).toBe(true);
    expect(isModulePath('/abs/a.js')).toBe(true);
    expect(isModulePath('console')).toBe(false);
    expect(isPackageName('gcstream-plugin-x')).toBe(true);
    expect(isPackageName('@acme/sink')).toBe(true);
    expect(isPackageName('console')).toBe(false);
  });
});
