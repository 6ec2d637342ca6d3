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
