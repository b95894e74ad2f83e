import { defineConfig } from 'tsup';
import internal from './internal-props.json' with { type: 'json' };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  esbuildOptions(options) {
    // Property names that only core's own internal objects carry (the join attempt,
    // the RTM source's parts, link memory, session hooks) are shortened, as Preact's
    // mangle.json does: about 0.2 kB of the gzipped hooks. A name may be listed only
    // while no public type, Agora SDK shape or other package uses it
    // (test/internal-props.test.ts). Tests and the demo run the source, unshortened;
    // the consumer smoke test runs this build.
    options.mangleProps = new RegExp(`^(?:${internal.names.join('|')})$`);
  },
});
