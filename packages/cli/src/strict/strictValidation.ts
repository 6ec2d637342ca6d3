import { type LoadedConfig, type ResolvedSink } from '@gcstream/core';
import { checkOauthLogin } from './oauthCheck.js';
import { checkSink } from './sinkChecks.js';

/**
 * `validate --strict`: what only the network can tell, every check at once. Each problem names
 * the sink (or the source) and says what to fix; an empty list means everything answered.
 */
export async function strictProblems(loaded: LoadedConfig): Promise<string[]> {
  const sinks = loaded.sinks.flatMap((entry): ResolvedSink[] => (entry.resolved ? [entry.resolved] : []));
  const checks = sinks.map(async (sink) => {
    const problem = await checkSink(sink, loaded.baseDir);
    return problem ? `sink "${sink.name}": ${problem}` : undefined;
  });
  const genesys = loaded.config.source?.genesys;
  if (genesys && !loaded.config.source?.eventbridge) {
    checks.push(checkOauthLogin(genesys).then((problem) => (problem ? `source.genesys: ${problem}` : undefined)));
  }
  return (await Promise.all(checks)).filter((p): p is string => p !== undefined);
}

/** Runs the strict checks and prints each problem; false when there was one. */
export async function passesStrict(loaded: LoadedConfig, name: string, stderr: NodeJS.WritableStream): Promise<boolean> {
  const problems = await strictProblems(loaded);
  for (const problem of problems) stderr.write(`${name}: ${problem}\n`);
  return problems.length === 0;
}
