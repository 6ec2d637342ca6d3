export const INIT_USAGE = `Usage: gcstream init [options]

Writes a commented pipeline config (with tests: and an editor schema line), gcstream.schema.json,
a .env.example, and .env in .gitignore. Asks three questions; a flag answers each one.

Options:
  --goal <goal>       console, files, postgres, webhook, nats or wallboard
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
