// Rewrites the option tables of the READMEs from the config schema: `pnpm docs:options`.
// With --check, changes nothing and exits 1 when a table drifted (the test suite checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinRegistry } from '../packages/cli/src/builtins.ts';
import { README_FILES, REPO_ROOT } from '../packages/cli/src/docs/readmeFiles.ts';
import { optionTables, renderOptionTables } from '../packages/cli/src/docs/optionTables.ts';

const check = process.argv.includes('--check');
const tables = optionTables(builtinRegistry());
let drifted = 0;
for (const file of README_FILES) {
  const path = `${REPO_ROOT}/${file}`;
  const text = readFileSync(path, 'utf8');
  const rendered = renderOptionTables(text, tables, file);
  if (rendered === text) continue;
  drifted++;
  if (check) console.error(`${file}: an option table differs from the schema; run pnpm docs:options`);
  else {
    writeFileSync(path, rendered);
    console.log(`${file}: option tables rewritten`);
  }
}
process.exitCode = check && drifted > 0 ? 1 : 0;
