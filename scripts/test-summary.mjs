// Prints one closing line for the whole run: "tests: N passed, N failed".
import fs from 'node:fs';

const [jsonFile, react18Log] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed +=
    (report.numFailedTests ?? 0) + (report.success === false && !report.numFailedTests ? 1 : 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch {
  failed += 1; // no report at all: vitest itself failed
}
// React 18 run: vitest's own summary line, e.g. "Tests  59 passed (59)"
// ANSI colour codes (ESC [ ... m) are stripped before matching
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const log = fs.existsSync(react18Log) ? fs.readFileSync(react18Log, 'utf8').replace(ansi, '') : '';
const line = log.match(/Tests\s+(?:(\d+) failed \| )?(\d+) passed/);
if (line) {
  failed += Number(line[1] ?? 0);
  passed += Number(line[2]);
} else {
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
