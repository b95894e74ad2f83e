import { loadConfig, type ServerConfig } from './config';
import { isServerError } from './errors';
import { start } from './start';

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (isServerError(error)) {
      console.error(`audience-presence server: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = await start(config);
  const shutdown = (): void => {
    // Finish in-flight deliveries (each is stored before it is answered), end the
    // SSE streams, then release the store. Give up after 5 s.
    setTimeout(() => process.exit(1), 5000).unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('audience-presence server failed to start:', error);
  process.exit(1);
});
