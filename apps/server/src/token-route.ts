import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import { ServerError, errorBody, isServerError } from './errors';
import { perMinute } from './read-routes';
import { decideTokenRequest, issueTokens, parseTokenBody } from './token';
import { insecureDevAuthorizer, jwtAuthorizer, type AuthorizeToken } from './token-auth';

const TOKEN_BODY_LIMIT = 4 * 1024;

/** The authorizer the configuration asks for, or undefined (endpoint disabled). */
function configuredAuthorizer(config: ServerConfig): AuthorizeToken | undefined {
  switch (config.tokenAuth.kind) {
    case 'jwt':
      return jwtAuthorizer(config.tokenAuth);
    case 'insecure-dev':
      return insecureDevAuthorizer;
    case 'none':
      return undefined;
  }
}

/**
 * POST /token: RTC + RTM tokens for an authenticated caller. Disabled (404
 * `TOKEN_DISABLED`) without Agora credentials, and (403
 * `TOKEN_AUTH_NOT_CONFIGURED`) without a way to authenticate callers.
 */
export function registerToken(
  app: FastifyInstance,
  config: ServerConfig,
  hook: AuthorizeToken | undefined,
): void {
  const authorize = hook ?? configuredAuthorizer(config);
  void app.register(async (scope) => {
    // A JSON body sent as text/plain (a fetch with a string body) is read as JSON too.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new ServerError('BAD_REQUEST', 'Body must be JSON.', { status: 400 }), undefined);
      }
    });
    scope.post(
      '/token',
      { bodyLimit: TOKEN_BODY_LIMIT, onRequest: perMinute(scope, config.rateLimit.token) },
      async (request) => {
        if (!config.agora) {
          throw new ServerError(
            'TOKEN_DISABLED',
            'Set AGORA_APP_ID and AGORA_APP_CERTIFICATE to enable /token.',
            { status: 404 },
          );
        }
        if (!authorize) {
          throw new ServerError(
            'TOKEN_AUTH_NOT_CONFIGURED',
            'POST /token is off until callers can be authenticated: set TOKEN_JWT_SECRET or TOKEN_JWKS_URL.',
            { status: 403 },
          );
        }
        const body = parseTokenBody(request.body);
        let grant;
        try {
          grant = await authorize(request);
        } catch (error) {
          if (isServerError(error)) throw error;
          request.log.warn({ err: error }, 'token authorization failed');
          throw new ServerError('TOKEN_AUTH_INVALID', 'The caller could not be authenticated.', {
            status: 401,
            cause: error,
          });
        }
        return issueTokens(config.agora, decideTokenRequest(grant, body, config.tokenMaxExpiresIn));
      },
    );
    scope.route({
      method: ['GET', 'PUT', 'DELETE', 'PATCH'],
      url: '/token',
      handler: (_request, reply) =>
        reply.code(405).header('allow', 'POST').send(errorBody('METHOD_NOT_ALLOWED', 'Use POST.')),
    });
  });
}
