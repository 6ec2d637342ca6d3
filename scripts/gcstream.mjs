// `pnpm gcstream` runs in the workspace root, but the user's paths (`validate console.yaml` typed
// in examples/) are relative to where the command was typed: pnpm passes that as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import('../packages/cli/src/bin.ts');
