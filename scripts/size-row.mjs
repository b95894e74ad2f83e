// One size-limit row (`.size-limit.js`) bundled from SOURCE, as `pnpm size:why` and
// `pnpm size:floor` both need it: the row's own esbuild settings (its production
// `define`) plus core's build's (its internal property names shortened).
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import internal from '../packages/core/internal-props.json' with { type: 'json' };

export const root = resolve(import.meta.dirname, '..');

/** esbuild settings that bundle `row`'s import from source (the `@audience-presence/source` condition) */
export function rowSettings(row) {
  // The same entry size-limit writes for `import`: re-export the named things.
  // The row measures a package's dist/index.js; its source is src/index.ts.
  const source = './' + row.path.replace(/dist\/index\.js$/, 'src/index.ts');
  const entry =
    row.import === '*' ? `export * from '${source}';` : `export ${row.import} from '${source}';`;
  return (row.modifyEsbuildConfig ?? ((config) => config))({
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
    // as core's build does (packages/core/tsup.config.ts)
    mangleProps: new RegExp(`^(?:${internal.names.join('|')})$`),
    logLevel: 'error',
  });
}

export const gzip = (code) => gzipSync(code, { level: 9 }).byteLength;

export const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
