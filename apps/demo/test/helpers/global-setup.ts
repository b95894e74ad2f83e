import type { TestProject } from 'vitest/node';
import { buildDemo, E2E_DIST, startNcsServer, startPreview } from './serve';

/** apps/server's NCS secret in the tests; typed into the page, never built into it. */
export const E2E_NCS_SECRET = 'e2e-ncs-secret-typed-into-the-page';

/**
 * Server-side secrets set in the build's environment: the bundle must not
 * contain them (checked by secrets.e2e.test.ts). The demo never reads them;
 * this proves nothing smuggles the environment into the bundle.
 */
export const CANARY_SECRETS = {
  AGORA_APP_CERTIFICATE: 'e2e-canary-certificate-5f1c0d2b9a',
  NCS_SECRET: 'e2e-canary-ncs-secret-7e4a91c3',
} as const;

declare module 'vitest' {
  export interface ProvidedContext {
    /** where `vite preview` serves the built demo, e.g. http://127.0.0.1:41234 */
    demoUrl: string;
    /** the built demo's folder */
    demoDist: string;
  }
}

/**
 * Builds the demo, starts apps/server (for NCS mode) and serves the demo with
 * `vite preview` on a free 127.0.0.1 port (proxying the server's routes);
 * stops both afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildDemo(E2E_DIST, CANARY_SECRETS);
  const server = await startNcsServer(E2E_NCS_SECRET);
  const preview = await startPreview(E2E_DIST, server.url).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  project.provide('demoUrl', preview.url);
  project.provide('demoDist', E2E_DIST);
  return async () => {
    await preview.stop();
    await server.stop();
  };
}
