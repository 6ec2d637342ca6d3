import { TOOL_COMMANDS_USAGE } from './toolCommands.js';

export const MAIN_USAGE = `gcstream: Genesys Cloud real-time events as a reliable, typed stream pipeline

Usage: gcstream <command> [options]

Commands:
  run [file]        run a pipeline (no credentials in the config: runs on the built-in emulator)
  validate [file]   check a config; errors point at file:line:column
  test [file]       run the config's tests: cases (inputs in, expected events out)
  schema            print the JSON Schema of pipeline configs (for editor completion)
  plugins           list the installed sinks and operators
  emulator          start a local Genesys Cloud with a simulated contact center
${TOOL_COMMANDS_USAGE}
Options:
  -h, --help        show help (also: gcstream <command> --help)
  -v, --version     print the version

Without a file, run and validate look for gcstream.config.yaml in the working directory.
Exit codes: 0 ok, 1 runtime failure, 2 usage or config error, 130 stopped at once by a second Ctrl-C.
`;

export const RUN_USAGE = `Usage: gcstream run [file] [options]

Runs source -> decode -> operators -> sinks until stopped. SIGINT or SIGTERM drains the pipeline
(in-flight events reach the sinks, batches are flushed, sinks are closed) within shutdownTimeout.

Options:
  --duration <dur>        stop after this long (e.g. 30s, 5m), drain, and exit 0
  --max-events <n>        stop after n events reached the sinks, drain, and exit 0
  --log-level <level>     trace, debug, info, warn, error, fatal or silent (overrides logging.level)
  --dead-letters <file>   NDJSON file for dead letters (default: gcstream-dead-letters.ndjson beside the config, created on the first one)
  --emulator-speed <n>    simulated time per wall time of the built-in emulator (default 10)
  --emulator-seed <n>     seed of the built-in emulator's contact center (default 1)
  --emulator-profile <p>  size of the built-in emulator's contact center: small (default), medium,
                          large or enterprise (see gcstream emulator --help)
  --spool <dir>           keep events in a durable spool until every sink has them; what a crash or a
                          cut-short drain left undelivered is replayed to those sinks on the next run
  --no-status             no status panel on a terminal, no status log line otherwise
  --status-line           on a terminal, one compact status line instead of the panel
  --status-interval <dur> how often the status is redrawn (default 1s) or, without a terminal,
                          logged (default 30s)
  --metrics-port <n>      serve /metrics, /healthz and /readyz on this port (over metrics.port; 0 picks one)
  -h, --help              show this help
`;

export const VALIDATE_USAGE = `Usage: gcstream validate [file]

Checks a pipeline config without running it: YAML, env references, source options, operators,
and every sink (found and its options checked by its own schema). Prints each problem as
file:line:column and exits 2, or exits 0 when the config is valid. A valid config whose
operators would have nothing to read (queueMetrics with no conversationState before it, say)
is passed with a warning line naming the place to change.

  --strict    also connect: each sink's destination (PostgreSQL reachable and the table writable,
              the webhook host resolves, NATS answers, the file folder writable) and the OAuth
              login when credentials are set; exits 2 naming every one that failed
`;

export const EMULATOR_USAGE = `Usage: gcstream emulator [options]

Starts a local Genesys Cloud (OAuth, REST, notification channels, streaming, analytics) with a
simulated contact center, prints its base URL and credentials, and runs until SIGINT. The center
starts at steady state: conversations in flight, agents busy, today's analytics already there.

Options:
  --port <n>              port to listen on (default 8787, 0 picks a free one)
  --seed <n>              seed of the simulation: the same seed gives the same events (default 1)
  --speed <n>             simulated ms per wall ms (default 1)
  --truth <file>          also write the ground truth (every notification emitted) as NDJSON
  --client-id <id>        OAuth client id to accept (default emulator-client)
  --client-secret <s>     OAuth client secret to accept (default emulator-secret)
  --faults <spec>         inject faults, repeatable: drop-sockets:every=15s, 429:count=5, ...
  --high-rate             flood connected sockets with frames (benchmarks)
  --profile <name>        size of the contact center: small (default: 5 queues, 80 agents),
                          medium (20, 200), large (60, 1000) or enterprise (200, 5000)
  --queues <n>            number of queues (overrides the profile)
  --agents <n>            number of agents (overrides the profile)
  --arrival-rate <n>      new conversations per minute per queue (overrides the profile)
  --cold                  start empty (agents log in, nothing has happened yet) instead of at
                          steady state with the profile's history already played
  --history <dur>         simulated history a warm start plays (default: small 1h, medium 1h,
                          large 30m, enterprise 15m)
  --replay <file>         serve a \`gcstream record\` file instead of a simulation: its queues and
                          users, and its notifications at recorded pace times --speed, from the
                          moment a client connects
  -h, --help              show this help
`;

export const SCHEMA_USAGE = `Usage: gcstream schema

Prints the JSON Schema of pipeline configs, with the installed sinks and operators:
  gcstream schema > gcstream.schema.json
`;

export const PLUGINS_USAGE = `Usage: gcstream plugins

Lists the built-in sinks and operators, and the sink packages (gcstream-plugin-<name>, scoped or
not) installed where the working directory can see them. A config can also name a module path
(./my-sink.js).
`;
