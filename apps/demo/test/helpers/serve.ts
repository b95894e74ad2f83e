import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The demo app's folder. */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The tests build into an ignored folder of their own, so they never clobber
 * (or lock against) a `pnpm demo` the developer has running from dist/.
 */
export const E2E_DIST = join(DEMO_DIR, '..', '..', '.artifacts', 'demo-dist');
const VITE_BIN = join(DEMO_DIR, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');

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

/** Builds the demo into `outDir` (simulated mode: no App ID from the caller's shell). */
export async function buildDemo(outDir: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  await runVite(['build', '--logLevel', 'warn', '--emptyOutDir', '--outDir', outDir], {
    VITE_AGORA_APP_ID: '',
    VITE_TOKEN_URL: '',
    ...env,
  });
}

/**
 * Starts apps/server (in-memory storage) on a free 127.0.0.1 port with the
 * given NCS secret, from source (one node process with tsx's loader).
 */
export async function startNcsServer(
  ncsSecret: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = join(DEMO_DIR, '..', '..');
  const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const server = spawn(
    process.execPath,
    ['--conditions=@audience-presence/source', '--import', loader, 'src/main.ts'],
    {
      cwd: join(root, 'apps', 'server'),
      env: { ...process.env, NCS_SECRET: ncsSecret, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill();
      await once(server, 'exit');
    }
  };
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`apps/server did not start:\n${output}`)),
      30_000,
    );
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`apps/server exited with ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, stop };
}

/**
 * Serves `outDir` with `vite preview` on a free 127.0.0.1 port until `stop()`.
 * With `ncsServer`, the preview proxies apps/server's routes (NCS mode).
 */
export async function startPreview(
  outDir: string,
  ncsServer?: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const preview = spawn(
    process.execPath,
    [
      VITE_BIN,
      'preview',
      '--outDir',
      outDir,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      // vite 8 allows one preview per project unless told otherwise; `pnpm demo` may be running
      '--bypass-lock',
    ],
    {
      cwd: DEMO_DIR,
      env: { ...process.env, DEMO_NCS_SERVER: ncsServer ?? '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = async () => {
    if (preview.exitCode === null && preview.signalCode === null) {
      preview.kill();
      await once(preview, 'exit');
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (preview.exitCode !== null) throw new Error(`vite preview exited with ${preview.exitCode}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vite preview did not answer at ${url} within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
