// Fails when any workspace package has an import cycle, type-only imports included: a cycle makes
// module initialisation order matter and hides which file a concern really belongs to.
// Run by the root `test` script, so CI checks every package on every run.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
// `node scripts/check-cycles.mjs some/dir` checks only that folder (used to prove the check fails).
const units = args.length
  ? args.map((dir) => resolve(dir))
  : [
      ...['packages', 'plugins'].flatMap((group) =>
        existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
      ),
      join(root, 'bench'),
    ];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let cycles = 0;
let files = 0;
for (const dir of units) {
  const entries = ['src', 'test']
    .map((sub) => join(dir, sub))
    .filter(existsSync)
    .map((sub) => `${sub}/**/*.{ts,mts,tsx}`);
  if (dir.endsWith('bench')) entries.push(`${dir}/*.ts`);
  if (entries.length === 0) continue;
  // Only this package's own files are followed: another workspace package is a dependency, and
  // pnpm refuses a cycle between packages by itself.
  const tree = await parseDependencyTree(entries, {
    context: dir,
    tsconfig: existsSync(join(dir, 'tsconfig.json')) ? join(dir, 'tsconfig.json') : undefined,
    include: new RegExp(`^${escape(dir)}/(?!.*node_modules/).*\\.(ts|mts|tsx)$`),
    exclude: /node_modules|\/dist\//,
    transform: false,
    skipDynamicImports: false,
  });
  files += Object.keys(tree).length;
  for (const cycle of parseCircular(tree)) {
    cycles++;
    console.error(`import cycle in ${dir.slice(root.length + 1)}: ${[...cycle, cycle[0]].join(' -> ')}`);
  }
}
if (cycles > 0) {
  console.error(`${cycles} import cycle(s): move the shared types or helpers into a module both sides import.`);
  process.exit(1);
}
console.log(`import cycles: none in ${units.length} packages (${files} modules)`);
