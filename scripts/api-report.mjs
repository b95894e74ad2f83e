// API reports of the published packages (API Extractor), one per entry point.
// `pnpm api:check` (CI): build, then fail if a report differs from the checked-in one,
// or if anything exported has no TSDoc comment (both modes check that).
// `pnpm api:update`: build, then rewrite the reports; commit the diff with the change.
// Reads the built d.ts (dist/), so it reviews what consumers actually get.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');

// One report per typed entry point of each published package's `exports`:
// packages/<dir>/api/<dir>.api.md for ".", <dir>-<subpath>.api.md for the others.
const published = ['core', 'react', 'simulator', 'ncs'];
const entries = published.flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  return Object.entries(manifest.exports ?? {})
    .filter(([, target]) => typeof target === 'object' && typeof target?.types === 'string')
    .map(([subpath, target]) => ({
      dir,
      dts: target.types,
      report: subpath === '.' ? dir : `${dir}-${subpath.slice(2).replace(/\//g, '-')}`,
    }));
});

// Reports are about the API's shape; TSDoc style and release tags are not reviewed here.
const silenced = {
  logLevel: 'none',
};
const messages = {
  compilerMessageReporting: { default: { logLevel: 'warning' } },
  extractorMessageReporting: {
    default: { logLevel: 'warning', addToApiReportFile: true },
    'ae-missing-release-tag': silenced,
    'ae-internal-missing-underscore': silenced,
    'ae-unresolved-link': silenced,
    // Inline "(undocumented)" marks stay in the report; the per-member list at its end is noise.
    'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
  },
  tsdocMessageReporting: { default: silenced },
};

const quiet = new Set([
  'console-preamble',
  'console-api-report-not-copied',
  'console-api-report-copied',
  'console-api-report-created',
]);

const scratch = mkdtempSync(join(tmpdir(), 'api-report-'));
const drifted = [];
const undocumented = [];
let failed = false;

for (const entry of entries) {
  const projectFolder = join(root, 'packages', entry.dir);
  const mainEntryPointFilePath = join(projectFolder, entry.dts);
  if (!existsSync(mainEntryPointFilePath)) {
    console.error(
      `api-report: ${relative(root, mainEntryPointFilePath)} is missing: run pnpm build`,
    );
    process.exit(1);
  }
  const reportFolder = join(projectFolder, 'api');
  if (update) mkdirSync(reportFolder, { recursive: true });
  const packageJsonFullPath = join(projectFolder, 'package.json');
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder,
      mainEntryPointFilePath,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            module: 'ESNext',
            moduleResolution: 'bundler',
            jsx: 'react-jsx',
            strict: true,
            // The SDKs' own d.ts are not ours to review.
            skipLibCheck: true,
            types: [],
          },
          files: [mainEntryPointFilePath],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.report,
        reportFolder,
        reportTempFolder: join(scratch, entry.report),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages,
    },
    configObjectFullPath: join(projectFolder, 'api-extractor.json'),
    packageJsonFullPath,
    packageJson: JSON.parse(readFileSync(packageJsonFullPath, 'utf8')),
  });
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback: (message) => {
      // API Extractor's own notices; the drift message below names the command to run.
      if (quiet.has(message.messageId)) message.handled = true;
    },
  });
  const reportPath = relative(root, join(reportFolder, `${entry.report}.api.md`));
  if (result.apiReportChanged && !update) drifted.push(reportPath);
  else if (result.apiReportChanged) console.log(`api-report: updated ${reportPath}`);
  if (result.errorCount > 0) failed = true;
  // Everything a package exports is documented (style.md): API Extractor marks an
  // exported declaration or member without a TSDoc comment "(undocumented)".
  const generated = update
    ? join(reportFolder, `${entry.report}.api.md`)
    : join(scratch, entry.report, `${entry.report}.api.md`);
  if (existsSync(generated)) {
    const lines = readFileSync(generated, 'utf8').split('\n');
    lines.forEach((line, at) => {
      if (line.includes('(undocumented)')) {
        undocumented.push(`  ${reportPath}: ${(lines[at + 1] ?? '').trim().slice(0, 100)}\n`);
      }
    });
  }
}
rmSync(scratch, { recursive: true, force: true });

// A report whose entry point is gone is drift too.
for (const dir of published) {
  const folder = join(root, 'packages', dir, 'api');
  if (!existsSync(folder)) continue;
  for (const file of readdirSync(folder)) {
    if (!file.endsWith('.api.md')) continue;
    const report = file.slice(0, -'.api.md'.length);
    if (entries.some((entry) => entry.dir === dir && entry.report === report)) continue;
    const path = relative(root, join(folder, file));
    if (update) {
      rmSync(join(folder, file));
      console.log(`api-report: removed ${path} (no such entry point)`);
    } else drifted.push(`${path} (no such entry point)`);
  }
}

if (undocumented.length > 0) {
  console.error(
    `\napi-report: exported without a TSDoc comment (API Extractor's "(undocumented)"):\n` +
      undocumented.join('') +
      `Document each in the source (what it is, its unit and default), then \`pnpm api:update\`.`,
  );
  failed = true;
}
if (drifted.length > 0) {
  console.error(
    `\napi-report: the public API differs from the checked-in report:\n` +
      drifted.map((path) => `  ${path}\n`).join('') +
      `If the change is deliberate, run \`pnpm api:update\` and commit the report with it\n` +
      `(then add a changeset: \`pnpm changeset\`). Otherwise undo the export change.`,
  );
  failed = true;
}
if (failed) process.exit(1);
console.log(`api-report: ${entries.length} reports ${update ? 'written' : 'match'}`);
