// Sums the vitest JSON reports of every package into one closing line: "N passed, N failed".
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'plugins'];
let passed = 0;
let failed = 0;
let skipped = 0;
const { readdirSync, rmSync } = await import('node:fs');
const clean = process.argv.includes('--clean');
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const pkg of readdirSync(root)) {
    const report = join(root, pkg, '.vitest-report.json');
    if (!existsSync(report)) continue;
    if (clean) {
      rmSync(report);
      continue;
    }
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
}
if (clean) process.exit(0);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
