/**
 * Development and production builds (core README, "Production builds"): with
 * `process.env.NODE_ENV === 'production'` core drops its diagnostic texts (what
 * an ignored event was, the misuse warning) and nothing else: the counters, the
 * validation and every error's code and message stay. scripts/test/
 * production-bundle.test.mjs checks that a bundler really drops them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Index from '../src/index';
import type * as LinkState from '../src/sources/rtm/link-state';

type Core = typeof Index & typeof LinkState;

async function loadCore(nodeEnv: string): Promise<Core> {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  // the link-state mapping is internal
  return { ...(await import('../src/index')), ...(await import('../src/sources/rtm/link-state')) };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const badInterval = {
  type: 'interval',
  joins: 'a',
  leaves: [],
  timeouts: [],
  states: [],
  total: 1,
} as never;

function ignoreSome(core: Core) {
  let state = core.initialPresenceState();
  state = core.reduce(state, badInterval);
  state = core.reduce(state, { type: 'leave', userId: '', reason: 'left' });
  state = core.reduce(state, { type: 'unknown' } as never);
  const adapted = core.adaptPresenceEvent({ eventType: 'SNAPSHOT', channelName: 'c' }, 'c');
  const link = core.mapLinkState({ currentState: 'WEIRD' }, core.INITIAL_LINK);
  return { diagnostics: core.selectDiagnostics(state), adapted, link: link.action };
}

function claimTwice(core: Core): ReturnType<typeof vi.spyOn> {
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const session = new core.DualChannelSession(core.createPresenceStore(), {
    appId: 'app',
    userId: 'me',
  });
  const releases = [session.claim(), session.claim()];
  for (const release of releases) release();
  return error;
}

describe('development build (NODE_ENV is not "production")', () => {
  it('says what each ignored input was', async () => {
    const core = await loadCore('development');
    const { diagnostics, adapted, link } = ignoreSome(core);
    expect(diagnostics).toEqual({
      malformed: 2,
      unknownType: 1,
      foreignChannel: 0,
      lastIgnored: 'unknown-type: action unknown',
    });
    expect(adapted).toEqual([
      { type: 'ignored', why: 'malformed', detail: 'SNAPSHOT with a bad snapshot list' },
    ]);
    expect(link).toEqual({ type: 'ignored', why: 'malformed', detail: 'linkState WEIRD' });
    const state = core.reduce(core.initialPresenceState(), badInterval);
    expect(state.diagnostics.lastIgnored).toBe(
      'malformed: interval with missing lists or a bad total',
    );
  });

  it('warns when a session is claimed twice (useDualChannel used twice under one provider)', async () => {
    const error = claimTwice(await loadCore('development'));
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/more than once/));
  });
});

describe('production build (NODE_ENV is "production")', () => {
  it('counts ignored input the same, naming only its kind', async () => {
    const core = await loadCore('production');
    const { diagnostics, adapted, link } = ignoreSome(core);
    expect(diagnostics).toEqual({
      malformed: 2,
      unknownType: 1,
      foreignChannel: 0,
      lastIgnored: 'unknown-type',
    });
    expect(adapted).toEqual([{ type: 'ignored', why: 'malformed', detail: '' }]);
    expect(link).toEqual({ type: 'ignored', why: 'malformed', detail: '' });
    // a detail a source gives itself (ncs-feed, an app's own) is kept
    const state = core.reduce(core.initialPresenceState(), {
      type: 'ignored',
      why: 'foreign-channel',
      detail: 'other',
    });
    expect(state.diagnostics.lastIgnored).toBe('foreign-channel: other');
  });

  it('does not warn about a second claim', async () => {
    const error = claimTwice(await loadCore('production'));
    expect(error).not.toHaveBeenCalled();
  });

  it('keeps validation and every error message', async () => {
    const core = await loadCore('production');
    expect(() => core.createPresenceStore({ roleKey: '' })).toThrow(
      'roleKey must be a non-empty string',
    );
    const error = new core.PresenceError('RTM_LOGIN_TIMEOUT');
    expect(error.code).toBe('RTM_LOGIN_TIMEOUT');
    expect(error.message).toMatch(/Check the network/);
  });
});
