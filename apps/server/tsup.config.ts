import { defineConfig } from 'tsup';

// The production build: `node dist/main.js` runs the server without tsx (a dev
// dependency, absent from a `pnpm install --prod`) and without its per-closure
// keepNames cost. The workspace's own packages are bundled from their source
// (the `@audience-presence/source` condition, so nothing else needs building);
// the server's npm dependencies stay external and load from node_modules.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
  noExternal: [/^@audience-presence\//],
  esbuildOptions(options) {
    options.conditions = ['@audience-presence/source'];
  },
});
