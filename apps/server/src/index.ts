export { createServer, type ServerOptions } from './app';
export { loadConfig, type ServerConfig, type TokenAuthConfig } from './config';
export { ServerError, isServerError, type ServerErrorCode } from './errors';
export { createMetrics, type DeliveryOutcome, type ServerMetrics } from './metrics';
export { start, openStore, type OpenStore, type StartedServer } from './start';
export type { TokenGrant, TokenResponse } from './token';
export type { AuthorizeToken } from './token-auth';
