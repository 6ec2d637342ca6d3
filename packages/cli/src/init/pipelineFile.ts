import { GOAL_DESCRIPTIONS, TEMPLATES, type Goal } from './goals.js';

export interface InitAnswers {
  readonly goal: Goal;
  /** `emulator` for the built-in one, else a Genesys Cloud region (us-east-1) or domain (mypurecloud.ie). */
  readonly region: string;
  /** `all`, or queue names or ids. */
  readonly queues: 'all' | readonly string[];
}

export const SCHEMA_FILE = 'gcstream.schema.json';

const yamlList = (items: readonly string[]) => `[${items.map((q) => JSON.stringify(q)).join(', ')}]`;

/** The text of a new, commented pipeline config for the answers. */
export function pipelineYaml(answers: InitAnswers, file: string): string {
  const template = TEMPLATES[answers.goal];
  const emulator = answers.region === 'emulator';
  const queues = answers.queues === 'all' ? 'all' : yamlList(answers.queues);
  const credentials = emulator
    ? `    # No credentials: gcstream runs its built-in Genesys Cloud emulator (a simulated contact
    # center) in the same process, so this works offline. For a real org, uncomment these three
    # and put the OAuth client's id and secret in .env (see .env.example):
    # region: us-east-1
    # clientId: \${GENESYS_CLIENT_ID}
    # clientSecret: \${GENESYS_CLIENT_SECRET}
`
    : `    # An OAuth client with the client-credentials grant; its id and secret come from the
    # environment (see .env.example) and are redacted from every log line.
    region: ${answers.region}
    clientId: \${GENESYS_CLIENT_ID}
    clientSecret: \${GENESYS_CLIENT_SECRET}
`;
  return `# yaml-language-server: $schema=./${SCHEMA_FILE}
# gcstream pipeline: ${GOAL_DESCRIPTIONS[answers.goal]}.
#
#   gcstream run ${file}          # live events (Ctrl-C drains and stops)
#   gcstream validate ${file}     # check it without running (--strict also connects to each sink)
#   gcstream test ${file}         # run the tests: below
#   gcstream echo ${file}         # the config as resolved: env filled in, defaults shown
#
# The first line gives VS Code (with the YAML extension) completion and checks from
# ${SCHEMA_FILE}; regenerate it with \`gcstream schema > ${SCHEMA_FILE}\` after adding plugins.
source:
  genesys:
${credentials}    topics:
${template.topics.map((t) => `      - ${t}`).join('\n')}
    queues: ${queues}          # {queueId} expands to these: all, or names or ids
${template.topics.some((t) => t.includes('{userId}')) ? '    users: all            # {userId} expands to these\n' : ''}
pipeline:
${template.pipeline}
sinks:
  # The keys batch, maxInFlight, retry, onFull, bufferSize and deadLetterFile are read by the
  # engine in front of every sink.
${template.sinks}
# How long Ctrl-C waits for the sinks to flush what is in flight.
shutdownTimeout: 10s

# \`gcstream test ${file}\` feeds these notifications through decode and the pipeline above (no
# Genesys Cloud, no sinks) and compares what comes out.
tests:
${template.tests}`;
}

/** .env.example: every variable the config reads, with no real values. */
export function envExample(answers: InitAnswers): string {
  const lines = [
    '# Copy to .env and fill in (.env is in .gitignore); export them before `gcstream run`.',
    '# Genesys Cloud OAuth client (client-credentials grant)',
    'GENESYS_CLIENT_ID=',
    'GENESYS_CLIENT_SECRET=',
    ...TEMPLATES[answers.goal].env,
  ];
  return `${lines.join('\n')}\n`;
}

/** .gitignore with a line for .env, unless one is there. */
export function gitignoreWithEnv(existing: string | undefined): string | undefined {
  const lines = (existing ?? '').split(/\r?\n/).map((l) => l.trim());
  if (lines.includes('.env') || lines.includes('/.env')) return undefined;
  const prefix = existing && !existing.endsWith('\n') ? `${existing}\n` : (existing ?? '');
  return `${prefix}# secrets for gcstream (see .env.example)\n.env\n`;
}
