import { GOALS } from './init/goals.js';

/** `a, b or c`: the goals as the help lists them, from the one list init knows. */
const goalList = `${GOALS.slice(0, -1).join(', ')} or ${GOALS.at(-1)}`;

export const INIT_USAGE = `Usage: gcstream init [options]

Writes a commented pipeline config (with tests: and an editor schema line), gcstream.schema.json,
a .env.example, and .env in .gitignore. Asks three questions; a flag answers each one.

Options:
  --goal <goal>       ${goalList}
  --region <region>   emulator (the built-in one, no account needed), a region such as us-east-1,
                      or a domain such as mypurecloud.ie
  --queues <list>     all, or queue names or ids separated by commas
  --file <name>       the config's name (default pipeline.yaml)
  --dir <dir>         where to write (default: the working directory)
  -y, --yes           take the default for every question not given by a flag
  --force             overwrite an existing config and .env.example
  -h, --help          show this help
`;

export const ECHO_USAGE = `Usage: gcstream echo [file]

Prints the config as the pipeline sees it, as YAML: environment references filled in, every default
written out, secrets replaced by [redacted]. Durations are shown in milliseconds.
`;

export const TEST_USAGE = `Usage: gcstream test [files...]

Runs the \`tests:\` cases of pipeline configs: each case's inputs go through decode and the
\`pipeline:\` operators (no source), and what comes out is compared with \`expect\`. With \`sink:\`,
the output is also written by that sink to a throwaway destination (a temporary folder for file,
a temporary schema for postgres, dropped afterwards) and what it wrote is compared instead.

tests:
  - name: a rollover duplicate is dropped
    input:                                  # notifications as Genesys sends them (or { frame: "raw text" })
      - { topicName: v2.users.u1.presence, eventBody: {...}, metadata: { CorrelationId: a } }
      - { topicName: v2.users.u1.presence, eventBody: {...}, metadata: { CorrelationId: a } }
    inputFile: recorded.ndjson              # and/or: NDJSON of notifications, file-sink events or
                                            # \`gcstream record\` frames, relative to the config
    sink: postgres                          # optional: check what this sink wrote (file, postgres)
    expect:
      count: 1                              # events out (lines or rows with sink:)
      events: [{ family: presence }]        # in order; only the fields listed are checked
      contains: [{ family: presence }]      # some output matches each, in any order
      exact: [{ ... }]                      # the whole output, every field (a diff when not)
      deadLetters: 0                        # inputs that could not be decoded or processed

Exits 0 when every case passes, 1 when one fails (with what differs), 2 when a config or a case is
invalid. Without a file, reads gcstream.config.yaml.
`;

export const RECORD_USAGE = `Usage: gcstream record [file] --out <recording.ndjson> [options]

Records the raw frames the config's Genesys Cloud source receives, one NDJSON line each with its
receive time ({"receivedAt", "channelId", "data"}), until --duration, --max-frames or Ctrl-C.
With no credentials in the config (or no config at all: every queue's conversations and every
agent's presence), the built-in emulator is recorded.

Replay it through any pipeline with \`source: { replay: { file: recording.ndjson, speed: 1 } }\`
(speed: 10 is ten times faster, max as fast as possible), use it as a test case's inputFile:, or
serve it over the Genesys protocol with \`gcstream emulator --replay recording.ndjson\`.

Options:
  -o, --out <file>        where to write the recording (required)
  --duration <dur>        stop after this long (e.g. 60s)
  --max-frames <n>        stop after n frames
  --emulator-speed <n>    simulated time per wall time of the built-in emulator (default 10)
  --emulator-seed <n>     seed of the built-in emulator's contact center (default 1)
  --log-level <level>     trace, debug, info, warn, error, fatal or silent
  -h, --help              show this help
`;
