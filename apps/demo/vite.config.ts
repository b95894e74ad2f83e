import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, mergeConfig, type Plugin } from 'vite';
import { workspaceResolve } from '../../vitest.shared.ts';

/**
 * Only `VITE_*` variables reach the bundle (Vite's rule). This refuses to build
 * when one of them looks like a secret (an App Certificate or an NCS secret
 * must stay on the server: apps/server signs tokens and verifies webhooks).
 */
function noSecretsInBundle(): Plugin {
  return {
    name: 'demo:no-secrets-in-bundle',
    config(config, { mode }) {
      // loadEnv reads .env files and process.env, exactly what Vite will expose
      const env = loadEnv(mode, config.envDir || config.root || process.cwd(), 'VITE_');
      const leaked = Object.keys(env).filter(
        (key) => key.startsWith('VITE_') && /CERTIFICATE|SECRET|PRIVATE|PASSWORD/i.test(key),
      );
      if (leaked.length > 0) {
        throw new Error(
          `Refusing to build the demo (${mode}): ${leaked.join(', ')} would be bundled into public JavaScript. Keep secrets on the server (apps/server).`,
        );
      }
    },
  };
}

/**
 * NCS mode: when DEMO_NCS_SERVER names a running apps/server, the demo server
 * proxies its webhook receiver, live feed and health check, so the page can
 * reach them on its own origin. Not a VITE_ variable: it never reaches the bundle.
 */
const ncsServer = process.env['DEMO_NCS_SERVER']?.trim();
const proxy = ncsServer
  ? { '/ncs': ncsServer, '/channels': ncsServer, '/healthz': ncsServer }
  : undefined;

export default mergeConfig(
  workspaceResolve,
  defineConfig({
    plugins: [react(), noSecretsInBundle()],
    server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
    preview: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
    build: {
      // the Agora SDKs are big by nature and live in their own lazy chunks
      chunkSizeWarningLimit: 5_000,
    },
  }),
);
