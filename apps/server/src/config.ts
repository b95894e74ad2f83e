/** Everything the server reads from its environment. */
export interface ServerConfig {
  /** NCS secrets; several (comma-separated in NCS_SECRET) while rotating */
  readonly ncsSecrets: readonly string[];
  readonly host: string;
  readonly port: number;
  /** Redis URL; in-memory storage when absent */
  readonly redisUrl: string | undefined;
  /** bearer token the read endpoints require; open when absent */
  readonly readToken: string | undefined;
  /** enables POST /token when both are set */
  readonly agora: { readonly appId: string; readonly appCertificate: string } | undefined;
}

/** A configuration problem, with a message meant for the person starting the server. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads and checks the environment; throws {@link ConfigError} with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const ncsSecrets = (env['NCS_SECRET'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (ncsSecrets.length === 0) {
    throw new ConfigError(
      'NCS_SECRET is required: set it to the secret shown in the Agora Console (Notifications), ' +
        'comma-separated to accept several while rotating. Refusing to start without it.',
    );
  }
  const portText = optional(env['PORT']) ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`PORT must be a number between 0 and 65535, got "${portText}".`);
  }
  const appId = optional(env['AGORA_APP_ID']);
  const appCertificate = optional(env['AGORA_APP_CERTIFICATE']);
  if ((appId === undefined) !== (appCertificate === undefined)) {
    throw new ConfigError(
      'Set both AGORA_APP_ID and AGORA_APP_CERTIFICATE to enable POST /token, or neither.',
    );
  }
  return {
    ncsSecrets,
    host: optional(env['HOST']) ?? '127.0.0.1',
    port,
    redisUrl: optional(env['REDIS_URL']),
    readToken: optional(env['PRESENCE_READ_TOKEN']),
    agora: appId && appCertificate ? { appId, appCertificate } : undefined,
  };
}
