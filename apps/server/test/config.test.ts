import { describe, expect, it } from 'vitest';
import { defaultMaxStreams, loadConfig } from '../src/config';

const base = { NCS_SECRET: 's' };

describe('loadConfig', () => {
  it('defaults: no CORS origins, token auth off, timeouts in seconds, capped token expiry', () => {
    const config = loadConfig(base);
    expect(config.corsOrigins).toEqual([]);
    expect(config.tokenAuth).toEqual({ kind: 'none' });
    expect(config.timeouts).toEqual({
      headers: 10_000,
      request: 15_000,
      keepAlive: 5000,
      connection: 30_000,
    });
    expect(config.tokenMaxExpiresIn).toBe(3600);
    expect(config.trustProxy).toBe(false);
  });

  it('issue 14: stats every 5 s on the feed and a 24 h window by default; STATS_INTERVAL_SECONDS=0 turns the event off', () => {
    expect(loadConfig(base).sse.statsIntervalMs).toBe(5000);
    expect(loadConfig(base).statsWindowMs).toBe(24 * 3_600_000);
    const custom = loadConfig({ ...base, STATS_INTERVAL_SECONDS: '0', STATS_WINDOW_MINUTES: '90' });
    expect(custom.sse.statsIntervalMs).toBe(0);
    expect(custom.statsWindowMs).toBe(90 * 60_000);
    for (const [name, bad] of [
      ['STATS_INTERVAL_SECONDS', '-1'],
      ['STATS_INTERVAL_SECONDS', '1.5'],
      ['STATS_WINDOW_MINUTES', '0'],
      ['STATS_WINDOW_MINUTES', String(8 * 24 * 60)],
    ] as const) {
      expect(() => loadConfig({ ...base, [name]: bad })).toThrow(new RegExp(name));
    }
  });

  it('reads REDIS_CLUSTER_NODES as host:port startup nodes, and refuses a malformed entry', () => {
    expect(
      loadConfig({ ...base, REDIS_CLUSTER_NODES: '127.0.0.1:7001, 127.0.0.1:7002,[::1]:7003' })
        .redisClusterNodes,
    ).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: '127.0.0.1', port: 7002 },
      { host: '::1', port: 7003 },
    ]);
    expect(loadConfig(base).redisClusterNodes).toBeUndefined();
    for (const bad of ['127.0.0.1', 'host:0', ':7001', 'host:99999']) {
      expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: bad })).toThrow(
        /REDIS_CLUSTER_NODES/,
      );
    }
  });

  it('refuses what would make the server unsafe or broken, with a message naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS/],
      [{ CORS_ORIGINS: 'https://a.example/path' }, /CORS_ORIGINS/],
      [{ TOKEN_JWT_SECRET: 'short' }, /32 bytes/],
      [{ TOKEN_JWT_SECRET: 'x'.repeat(32), TOKEN_JWKS_URL: 'https://a.example/jwks' }, /not both/],
      [{ TOKEN_JWKS_URL: 'http://idp.example/jwks' }, /https/],
      [{ TOKEN_AUTH: 'open' }, /TOKEN_AUTH/],
      [{ TOKEN_AUTH: 'jwt' }, /TOKEN_JWT_SECRET or TOKEN_JWKS_URL/],
      [{ TOKEN_MAX_EXPIRES_IN: '86400' }, /TOKEN_MAX_EXPIRES_IN/],
      [{ HEADERS_TIMEOUT_SECONDS: '20', REQUEST_TIMEOUT_SECONDS: '10' }, /HEADERS_TIMEOUT_SECONDS/],
      [{ SSE_MAX_STREAMS: '0' }, /SSE_MAX_STREAMS/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig({ ...base, ...env })).toThrow(message);
    }
  });

  it('reads the token auth modes and TRUST_PROXY forms', () => {
    expect(loadConfig({ ...base, TOKEN_AUTH: 'insecure-dev' }).tokenAuth).toEqual({
      kind: 'insecure-dev',
    });
    expect(
      loadConfig({ ...base, TOKEN_JWKS_URL: 'http://127.0.0.1:9/jwks', TOKEN_JWT_AUDIENCE: 'ap' })
        .tokenAuth,
    ).toEqual({
      kind: 'jwt',
      key: { jwksUrl: 'http://127.0.0.1:9/jwks' },
      issuer: undefined,
      audience: 'ap',
    });
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('derives the default stream cap from the open-file limit', () => {
    expect(defaultMaxStreams(1024)).toBe(448);
    expect(defaultMaxStreams(256)).toBe(64);
    expect(defaultMaxStreams(100)).toBe(16);
    expect(defaultMaxStreams(1_048_576)).toBe(10_000);
    expect(defaultMaxStreams(undefined)).toBe(1000);
  });
});
