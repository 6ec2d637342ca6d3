import { z } from 'zod';
import type { OperatorDefinition } from '../operators/defineOperator.js';
import { isModulePath } from '../plugins/loadPlugin.js';
import type { SinkDefinition } from '../sinks/defineSink.js';
import { sinkOptionsSchema } from './_sinkOptions.js';
import { asZod } from './_foreignSchema.js';

/** What the error messages need to know about a `pipeline:` or `sinks:` entry schema. */
export interface EntryList {
  readonly kind: 'operator' | 'sink';
  /** Every name an entry may have, in the order of the union's branches. */
  readonly names: readonly string[];
  /** How a correct entry looks, for "write it as" hints. */
  readonly example: string;
}

const entryLists = new WeakMap<z.ZodType, EntryList>();

/** The entry list a schema is, when it is the item schema of `pipeline:` or `sinks:`. */
export function entryListOf(schema: z.ZodType): EntryList | undefined {
  return entryLists.get(schema);
}

/** The names worth showing a user: a plugin loaded by path is named by that path, not by a word. */
export function shownNames(list: EntryList): string[] {
  return list.names.filter((name) => !isModulePath(name));
}

/**
 * A plugin's options in its entry. `- dedupe:` with nothing after it means every option at its
 * default. An entry without this name fails at once (an aborting issue): zod then reports a
 * failed entry as a union of every branch, and the entry's own name picks the branch that counts.
 */
const optionsOf = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value, ctx) => {
    if (value === undefined) ctx.issues.push({ code: 'invalid_type', expected: 'object', input: value, continue: false });
    return value ?? {};
  }, schema);

/**
 * One `- name: options` item: a union with one branch per registered name, each a mapping with
 * that single key. Editors get one precise entry per plugin from it; errors are read per branch
 * by the entry's own name (see `_issues.ts`).
 */
function entryUnion(list: EntryList, branches: z.ZodType[]): z.ZodType<Record<string, unknown>> {
  const union = (branches.length === 0 ? z.never() : z.union(branches)).meta({
    description: `A ${list.kind}: its name as the only key, its options as the value.`,
  }) as z.ZodType<Record<string, unknown>>;
  entryLists.set(union, list);
  return union;
}

const branch = (name: string, value: z.ZodType, description: string | undefined) =>
  z.strictObject({ [name]: description ? value.meta({ description }) : value });

export function operatorEntrySchema(operators: ReadonlyMap<string, OperatorDefinition>): z.ZodType<Record<string, unknown>> {
  const names = [...operators.keys()];
  const branches = [...operators].map(([name, definition]) => branch(name, optionsOf(asZod(definition.configSchema)), definition.description));
  return entryUnion({ kind: 'operator', names, example: 'dedupe: { ttl: 10m }' }, branches);
}

/**
 * `sinks:` items. Each known sink's options hold its plugin's keys and the engine's side by side.
 * With `open`, a name no sink is registered under is accepted as is (its options unchecked): for a
 * config read without knowing its sinks, and for editors, which cannot know a local module's options.
 */
export function sinkEntrySchema(sinks: ReadonlyMap<string, SinkDefinition>, open: boolean): z.ZodType<Record<string, unknown>> {
  const names = [...sinks.keys()];
  const branches: z.ZodType[] = [...sinks].map(([name, definition]) => branch(name, optionsOf(sinkOptionsSchema(definition.configSchema)), definition.description));
  if (open) {
    const unknownName = z.string().refine((name) => !sinks.has(name), { abort: true });
    branches.push(
      z
        .record(unknownName, z.unknown())
        .refine((entry) => Object.keys(entry).length === 1, { abort: true })
        .meta({ description: 'A sink from a package (gcstream-plugin-<name>) or a local module (./my-sink.js).' }),
    );
  }
  return entryUnion({ kind: 'sink', names, example: 'console: { format: pretty }' }, branches);
}
