#!/usr/bin/env node
// Where the bytes of a size-limit row are: `pnpm size:why [row number or name part]
// [--gzip] [--write DIR]`.
//
// size-limit (`.size-limit.js`) measures the BUILT packages, so it can only say
// "15 kB"; this bundles the same import from SOURCE (the `@audience-presence/source`
// export condition) with the row's own esbuild settings (the production `define`)
// and core's build's (its internal property names shortened), and lists each module's minified bytes in that bundle (esbuild's metafile
// `bytesInOutput`), largest first. The bundle's min+gzip total is close to
// size-limit's figure for the row (not equal: source vs dist).
//
// gzip does not split by module. `--gzip` adds each module's MARGINAL gzip bytes:
// what the bundle's gzip loses without that module's code, which is what cutting
// it would save (a module that repeats what others say costs little). It needs the
// module boundaries, so that bundle keeps its line breaks and reads a little larger
// than the minified one; compare the modules with each other, not with the total.
// `--write DIR` saves each row's minified bundle there, to read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';
import rows from '../.size-limit.js';
import { gzip, kb, root, rowSettings } from './size-row.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? false : args.splice(at, 1).length === 1;
};
const withGzip = flag('--gzip');
const writeAt = args.indexOf('--write');
const writeDir = writeAt === -1 ? undefined : args.splice(writeAt, 2)[1];
const arg = args[0];
const picked = rows
  .map((row, i) => ({ row, i }))
  .filter(({ row, i }) => arg === undefined || String(i + 1) === arg || row.name.includes(arg));
if (picked.length === 0) {
  console.error(`no size-limit row matches "${arg}"; rows: ${rows.map((r) => r.name).join(' | ')}`);
  process.exit(1);
}

for (const { row, i } of picked) {
  const settings = rowSettings(row);
  const result = await build(settings);
  const [output] = Object.values(result.metafile.outputs);
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const total = code.byteLength;
  if (writeDir !== undefined) {
    mkdirSync(writeDir, { recursive: true });
    writeFileSync(resolve(writeDir, `row-${i + 1}.min.js`), code);
  }
  const marginal = withGzip ? await marginalGzip(settings) : null;
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([file, { bytesInOutput }]) => ({ file: label(file), bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  console.log(`\n#${i + 1} ${row.name}`);
  console.log(`  ${kb(total)} min, ${kb(gzip(code))} min+gzip (size-limit's limit: ${row.limit})`);
  console.log(
    `  ${'min'.padStart(7)}  ${'share'.padStart(6)}${withGzip ? '  gzip Δ' : ''}  module`,
  );
  for (const { file, bytes } of inputs) {
    const share = `${((100 * bytes) / total).toFixed(1)}%`.padStart(6);
    const delta = marginal === null ? '' : `  ${String(marginal.get(file) ?? '?').padStart(6)}`;
    console.log(`  ${String(bytes).padStart(7)}  ${share}${delta}  ${file}`);
  }
}

/** module -> gzip bytes the bundle loses without it (bundle keeps esbuild's `// path` markers) */
async function marginalGzip(settings) {
  const result = await build({
    ...settings,
    metafile: false,
    minify: false,
    minifySyntax: true,
    minifyIdentifiers: true,
    minifyWhitespace: false,
  });
  const text = result.outputFiles[0]?.text ?? '';
  const chunks = text.split(/^(?=\/\/ \S+\n)/m);
  const whole = gzip(chunks.join(''));
  const out = new Map();
  chunks.forEach((chunk, at) => {
    const marker = /^\/\/ (\S+)\n/.exec(chunk);
    if (marker === null) return;
    const file = label(marker[1]);
    const without = gzip(chunks.filter((_, j) => j !== at).join(''));
    out.set(file, (out.get(file) ?? 0) + whole - without);
  });
  return out;
}

function label(file) {
  const path = relative(root, resolve(root, file));
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)/.exec(path);
  return pnpm ? pnpm[1] : path;
}
