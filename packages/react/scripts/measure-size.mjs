// Minified + gzipped size of the built packages (run `pnpm build` first).
// Bundles dist/ with esbuild; react, react-dom, zustand, @tanstack/react-virtual
// and the Agora SDKs are external (the SDKs are lazy `import()`s anyway).
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

// esbuild is not a dependency of this package: borrow tsup's (a devDependency)
const requireHere = createRequire(import.meta.url);
const { build } = createRequire(requireHere.resolve('tsup'))('esbuild');

const here = fileURLToPath(new URL('..', import.meta.url));
const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'zustand',
  'zustand/vanilla',
  '@tanstack/react-virtual',
  'agora-rtm-sdk',
  'agora-rtc-react',
];
const hooks =
  'AudiencePresenceProvider, useDualChannel, useAudiencePresence, useAudienceCount, usePresenceCounts, ' +
  'useMember, useSelf, useMemberIds, usePresenceStatus, usePresenceListener, usePresenceStore, ' +
  'createAudiencePresence, shallow, createRealRtcClient, createRealRtmClient';
const entries = {
  '@audience-presence/core (everything)': "export * from '@audience-presence/core';",
  '@audience-presence/react (everything, core included)':
    "export * from '@audience-presence/react';",
  '@audience-presence/react (hooks only, core included)': `export { ${hooks} } from '@audience-presence/react';`,
  '@audience-presence/react (hooks + history/peak hooks, core included)': `export { ${hooks}, useAudienceHistory, usePeakAudience } from '@audience-presence/react';`,
  '@audience-presence/react (hooks + AudienceChart, core included)': `export { ${hooks}, useAudienceHistory, usePeakAudience, AudienceChart, statsTimelineData } from '@audience-presence/react';`,
};

for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(
    `${name}: ${(code.length / 1024).toFixed(1)} KB min, ${(gzip / 1024).toFixed(1)} KB min+gzip`,
  );
}
