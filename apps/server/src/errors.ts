/**
 * Every error code the server answers with or throws. HTTP answers carry only
 * the code and a fixed message; the detail (and the `cause`) goes to the log.
 */
export type ServerErrorCode =
  | 'INVALID_CONFIG'
  | 'BAD_REQUEST'
  | 'BAD_CURSOR'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'TOO_MANY_STREAMS'
  | 'STREAMS_FULL'
  | 'STORE_UNAVAILABLE'
  | 'TOKEN_DISABLED'
  | 'TOKEN_AUTH_NOT_CONFIGURED'
  | 'TOKEN_AUTH_REQUIRED'
  | 'TOKEN_AUTH_INVALID'
  | 'CHANNEL_NOT_ALLOWED'
  | 'HOST_NOT_ALLOWED'
  | 'UID_NOT_ALLOWED'
  | 'INTERNAL';

/** The server's one error class; `code` says what went wrong, `cause` keeps the original error. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  /** HTTP status to answer with when this reaches a route */
  readonly status: number;

  constructor(
    code: ServerErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
  }
}

/** Type guard for {@link ServerError}. */
export function isServerError(value: unknown): value is ServerError {
  return value instanceof ServerError;
}

/** The JSON body of every error answer. */
export function errorBody(
  code: ServerErrorCode,
  message: string,
): { ok: false; error: { code: ServerErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
