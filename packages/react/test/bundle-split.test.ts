// @vitest-environment node
// What an app that imports only the hooks bundles: nothing of AudienceList.
// Sizes are checked by size-limit (`pnpm size`); this checks the module graph.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// esbuild is not a dependency of this package: borrow tsup's (a devDependency).
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}
const here = fileURLToPath(new URL('..', import.meta.url));
const requireHere = createRequire(import.meta.url);
const { build } = createRequire(requireHere.resolve('tsup'))('esbuild') as Esbuild;

async function bundledModules(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // read the workspace packages' sources (dist/ may not be built)
    conditions: ['@audience-presence/source'],
    external: ['react', 'react-dom', 'agora-rtm-sdk', 'agora-rtc-react'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

describe('bundle split', () => {
  it('importing only the hooks bundles no AudienceList module', async () => {
    const modules = await bundledModules(
      "export { AudiencePresenceProvider, useDualChannel, useAudiencePresence } from '@audience-presence/react';",
    );
    expect(modules.some((path) => path.includes('use-dual-channel'))).toBe(true);
    expect(modules.filter((path) => path.includes('audience-list'))).toEqual([]);
  });

  it('AudienceList bundles no third-party virtualizer', async () => {
    const modules = await bundledModules(
      "export { AudienceList } from '@audience-presence/react';",
    );
    expect(modules.some((path) => path.includes('audience-list-view'))).toBe(true);
    expect(
      modules.filter((path) => path.includes('node_modules') && !path.includes('zustand')),
    ).toEqual([]);
  });
});
