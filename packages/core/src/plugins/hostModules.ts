import { register } from 'node:module';

/**
 * The packages a local plugin may import without installing them beside itself: the ones a plugin
 * is written against (`defineSink` from `@gcstream/core`, schemas from `zod`, streams from `rxjs`).
 */
export const HOST_MODULES: readonly string[] = ['@gcstream/core', 'zod', 'rxjs'];

/**
 * A resolve hook in plain JavaScript (it runs on the loader thread, where TypeScript sources may
 * not load): only when a plugin's own folder cannot resolve one of the host modules is it
 * resolved from gcstream's installation, so a plugin that installs its own copy keeps it.
 */
const HOOK = `
let names = [];
let parentURL;
export function initialize(data) { names = data.names; parentURL = data.parentURL; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const host = names.some((name) => specifier === name || specifier.startsWith(name + '/'));
    if (!host || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return next(specifier, { ...context, parentURL });
  }
}
`;

let registered = false;

/**
 * Lets a plugin in a fresh folder (`./my-sink.js` beside the pipeline, nothing installed there)
 * import `@gcstream/core` and `zod` as the README shows: gcstream resolves them from where it is
 * installed itself, so the plugin shares gcstream's copy. Registered once, before the first local
 * plugin is imported.
 */
export function shareHostModules(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { names: HOST_MODULES, parentURL: import.meta.url } });
}
