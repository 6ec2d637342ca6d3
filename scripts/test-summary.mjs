// Sums the vitest JSON reports of every package into one closing line: "N passed, N failed".
// CI keeps only the end of a run's output, so this line is also where a failure is named: each
// failed test and each test file that failed outside a test (it did not load, or its worker died),
// a package whose vitest failed with every test passing (an unhandled error, printed in its own
// output above), and a package with tests that left no report at all.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = ['packages', 'plugins', 'examples'];
const clean = process.argv.includes('--clean');

let passed = 0;
let failed = 0;
const problems = [];

const firstLine = (text) => String(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';

for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const report = join(dir, '.vitest-report.json');
    if (clean) {
      rmSync(report, { force: true });
      continue;
    }
    if (!existsSync(report)) {
      if (hasTestScript(dir)) problems.push(`${dir}: no test report (its vitest did not finish; see its output above)`);
      continue;
    }
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    let named = 0;
    for (const file of json.testResults ?? []) {
      const where = relative(process.cwd(), file.name);
      for (const test of file.assertionResults ?? []) {
        if (test.status !== 'failed') continue;
        named += 1;
        problems.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      }
      // The project skips no test, so one that neither passed nor failed did not run: its worker died.
      const notRun = (file.assertionResults ?? []).filter((t) => t.status !== 'passed' && t.status !== 'failed');
      if (notRun.length > 0) {
        named += 1;
        problems.push(`${where}: ${notRun.length} test(s) did not run (${notRun[0].status}), first "${notRun[0].fullName}"; its worker died or the file was cut short`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        named += 1;
        problems.push(`${where}: the file failed outside its tests (${(file.assertionResults ?? []).length} ran): ${firstLine(file.message) || 'no message'}`);
      }
    }
    if (json.success === false && named === 0) {
      problems.push(`${dir}: vitest failed with no failed test or file, which is an unhandled error or a worker that died (see "Unhandled" or "Error" in its output above)`);
    }
  }
}
if (clean) process.exit(0);

for (const problem of problems) console.log(`failed: ${problem}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${problems.length > failed ? `, ${problems.length - failed} other failure(s) named above` : ''}`);
process.exit(failed > 0 || problems.length > 0 || passed === 0 ? 1 : 0);

function hasTestScript(dir) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return typeof JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test === 'string';
}
