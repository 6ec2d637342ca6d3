import { z } from 'zod';
import { FIELD_PATH } from '../model/fieldPath.js';

/**
 * Why `path` is not a field path a config can name, with the path it probably meant
 * (`eventBody.handles[0].tHandle` → `eventBody.handles.0.tHandle`), or undefined when it is one.
 * A path the reader cannot follow would read nothing on every event, silently.
 */
export function fieldPathProblem(path: string): string | undefined {
  if (FIELD_PATH.test(path)) return undefined;
  const meant = path
    .trim()
    .replace(/\[\s*["']?([^\]"']*)["']?\s*\]/g, '.$1')
    .replace(/\.{2,}/g, '.')
    .replace(/^\.|\.$/g, '');
  const example = FIELD_PATH.test(meant) ? meant : 'eventBody.queueId or eventBody.participants.0.id';
  return `"${path}" is not a field path: write names and indexes joined by dots, like ${example}`;
}

/**
 * A field path in a config (`eventBody.queueId`, `eventBody.handles.0.tHandle`): the pattern
 * (which the JSON Schema for editors carries too), with `fieldPathProblem`'s message.
 */
export const fieldPathSchema = z.string().regex(FIELD_PATH, { error: (issue) => fieldPathProblem(String(issue.input)) });
