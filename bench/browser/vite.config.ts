import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * A production build of the benchmark page. The repo root does not depend on
 * the workspace packages, so they are aliased to their source entries.
 */
export default defineConfig({
  root: at('.'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  resolve: {
    conditions: ['@audience-presence/source', ...defaultClientConditions],
    alias: [
      {
        find: /^@audience-presence\/react\/audience-list\.css$/,
        replacement: at('../../packages/react/src/audience-list/audience-list.css'),
      },
      { find: /^@audience-presence\/react$/, replacement: at('../../packages/react/src/index.ts') },
      { find: /^@audience-presence\/core$/, replacement: at('../../packages/core/src/index.ts') },
    ],
  },
  build: {
    outDir: at('dist'),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    // BENCH_MINIFY=0 keeps function names readable in CPU profiles.
    minify: process.env['BENCH_MINIFY'] !== '0',
  },
});
