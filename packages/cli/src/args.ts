import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errors, parseDuration } from '@gcstream/core';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: { readonly [flag: string]: string | boolean | Array<string | boolean> | undefined };
  readonly positionals: readonly string[];
}

/** `parseArgs` whose mistakes are usage errors that name the command's help. */
export function parseCommandArgs(command: string, args: readonly string[], options: Options): ParsedArgs {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw errors.usage(`${(error as Error).message}. See \`gcstream ${command} --help\`.`);
  }
}

export function durationArg(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) throw errors.usage(`--${flag} "${value}" is not a duration; write it like 500ms, 30s, 10m or 2h.`);
  return ms;
}

export function numberArg(flag: string, value: string | undefined, { integer = true, min = 0 } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
    throw errors.usage(`--${flag} "${value}" must be ${integer ? 'an integer' : 'a number'} of at least ${min}.`);
  }
  return n;
}

/** A flag whose value is one of `choices` (a profile, a log level): anything else is a usage error listing them. */
export function choiceArg<T extends string>(flag: string, value: string | undefined, choices: readonly T[], noun: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw errors.usage(`--${flag} "${value}" is not a ${noun}: use ${choices.join(', ')}.`);
  return value as T;
}

export function atMostOnePositional(command: string, positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw errors.usage(`\`gcstream ${command}\` takes one config file, got ${positionals.length}: ${positionals.join(' ')}.`);
  return positionals[0];
}

/** The value of a string flag (the last one when repeated). */
export function text(parsed: ParsedArgs, flag: string): string | undefined {
  const value = parsed.values[flag];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** Every value of a repeatable string flag. */
export function texts(parsed: ParsedArgs, flag: string): string[] | undefined {
  const value = parsed.values[flag];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export const flag = (parsed: ParsedArgs, name: string): boolean => parsed.values[name] === true;
