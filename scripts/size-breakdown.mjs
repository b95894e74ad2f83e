#!/usr/bin/env node
// Where the bytes of a size-limit row are (`pnpm size:why [row number or name part]`).
//
// size-limit (`.size-limit.js`) measures the BUILT packages, so it can only say
// "15 kB"; this bundles the same import from SOURCE (the `@audience-presence/source`
// export condition) with the same esbuild settings and lists each module's minified
// bytes in that bundle (esbuild's metafile `bytesInOutput`), largest first. gzip
// cannot be split per module, so only the bundle's total is given gzipped; it is
// close to size-limit's figure for the same row (not equal: source vs dist).
// `--write DIR` also saves each row's minified bundle there, to read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import rows from '../.size-limit.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const writeAt = args.indexOf('--write');
const writeDir = writeAt === -1 ? undefined : args.splice(writeAt, 2)[1];
const arg = args[0];
const picked =
  arg === undefined
    ? rows.map((row, i) => ({ row, i }))
    : rows
        .map((row, i) => ({ row, i }))
        .filter(({ row, i }) => String(i + 1) === arg || row.name.includes(arg));
if (picked.length === 0) {
  console.error(`no size-limit row matches "${arg}"; rows: ${rows.map((r) => r.name).join(' | ')}`);
  process.exit(1);
}

for (const { row, i } of picked) {
  // The same entry size-limit writes for `import`: re-export the named things.
  // The row measures a package's dist/index.js; its source is src/index.ts.
  const source = './' + row.path.replace(/dist\/index\.js$/, 'src/index.ts');
  const entry =
    row.import === '*' ? `export * from '${source}';` : `export ${row.import} from '${source}';`;
  // the row's own esbuild settings (the production `define`) apply here too
  const settings = (row.modifyEsbuildConfig ?? ((config) => config))({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    target: 'es2022',
    external: [...row.ignore, 'react/jsx-runtime'],
    conditions: ['@audience-presence/source'],
    logLevel: 'error',
  });
  const result = await build(settings);
  const [output] = Object.values(result.metafile.outputs);
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([file, { bytesInOutput }]) => ({ file: label(file), bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const total = code.byteLength;
  if (writeDir !== undefined) {
    mkdirSync(writeDir, { recursive: true });
    writeFileSync(resolve(writeDir, `row-${i + 1}.min.js`), code);
  }
  console.log(`\n#${i + 1} ${row.name}`);
  console.log(
    `  ${kb(total)} min, ${kb(gzipSync(code, { level: 9 }).byteLength)} min+gzip (size-limit's limit: ${row.limit})`,
  );
  for (const { file, bytes } of inputs) {
    console.log(
      `  ${String(bytes).padStart(7)}  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${file}`,
    );
  }
}

function label(file) {
  const path = relative(root, resolve(root, file));
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)/.exec(path);
  return pnpm ? pnpm[1] : path;
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(2)} kB`;
}
