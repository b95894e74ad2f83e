import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The demo app's folder. */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The tests build into an ignored folder of their own, so they never clobber
 * (or lock against) a `pnpm demo` the developer has running from dist/.
 */
export const E2E_DIST = join(DEMO_DIR, '..', '..', '.artifacts', 'demo-dist');
const VITE_BIN = join(DEMO_DIR, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');

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

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs the demo's vite with `args`; resolves with its output, rejects on a non-zero exit. */
export async function runVite(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const child = spawn(process.execPath, [VITE_BIN, ...args], {
    cwd: DEMO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite ${args.join(' ')} exited with ${code}:\n${output}`);
  return output;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

/** Builds the demo, serves it with `vite preview` on a free 127.0.0.1 port, and stops it afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // No VITE_AGORA_APP_ID from the developer's shell: the build must be simulated by default.
  await runVite(['build', '--logLevel', 'warn', '--emptyOutDir', '--outDir', E2E_DIST], {
    ...CANARY_SECRETS,
    VITE_AGORA_APP_ID: '',
    VITE_TOKEN_URL: '',
  });
  const port = await freePort();
  const preview = spawn(
    process.execPath,
    [
      VITE_BIN,
      'preview',
      '--outDir',
      E2E_DIST,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      // vite 8 allows one preview per project unless told otherwise; `pnpm demo` may be running
      '--bypass-lock',
    ],
    { cwd: DEMO_DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, preview, 30_000);
  } catch (error) {
    preview.kill();
    throw error;
  }
  project.provide('demoUrl', url);
  project.provide('demoDist', E2E_DIST);
  return async () => {
    if (preview.exitCode === null) {
      preview.kill();
      await once(preview, 'exit');
    }
  };
}
