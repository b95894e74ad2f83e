import { describe, expect, it } from 'vitest';
import { PresenceError } from '@audience-presence/core';
import {
  deriveAudienceListState,
  presenceListStatus,
  type PresenceListStatus,
} from '../../src/audience-list/audience-list-state';

const some = { loadedCount: 3, audienceCount: 3 };
const none = { loadedCount: 0, audienceCount: 0 };
const presence = (over: Partial<PresenceListStatus> = {}): PresenceListStatus => ({
  status: 'connected',
  synced: true,
  stale: false,
  staleSince: null,
  error: null,
  ...over,
});
const stateOf = (p: PresenceListStatus, content = some) =>
  deriveAudienceListState(presenceListStatus(p), content);

describe('deriveAudienceListState (plain props)', () => {
  it('is loading with nothing loaded while idle or connecting, empty once connected', () => {
    expect(deriveAudienceListState({ status: 'idle' }, none).view).toBe('loading');
    expect(deriveAudienceListState({ status: 'connecting' }, none).view).toBe('loading');
    expect(deriveAudienceListState({ status: 'connected' }, none).view).toBe('empty');
    expect(deriveAudienceListState({ status: 'connecting' }, some).view).toBe('ready');
  });
  it('fails on an error prop or a failed status; explicit loading and stale win', () => {
    expect(deriveAudienceListState({ error: { message: 'x' } }, some).view).toBe('failed');
    expect(deriveAudienceListState({ status: 'failed' }, some).view).toBe('failed');
    expect(deriveAudienceListState({ status: 'connected', loading: true }, some).view).toBe(
      'loading',
    );
    expect(deriveAudienceListState({ status: 'reconnecting' }, some).stale).toBe(true);
    expect(deriveAudienceListState({ status: 'reconnecting', stale: false }, some).stale).toBe(
      false,
    );
    expect(deriveAudienceListState({ stale: { stale: true, since: 5 } }, some).stale).toBe(true);
  });
});

describe('presenceListStatus (a list fed by a store)', () => {
  it('keeps a working list on a background error (a failed resync): ready, not failed', () => {
    const error = new PresenceError('RTM_RESYNC_FAILED', { message: 'resync failed' });
    expect(stateOf(presence({ error }))).toEqual({ view: 'ready', stale: false });
  });
  it('fails with the store error only when the connection failed', () => {
    const error = new PresenceError('RTM_LOGIN_FAILED', { message: 'login failed' });
    const props = presenceListStatus(presence({ status: 'failed', synced: false, error }));
    expect(props.error).toBe(error);
    expect(deriveAudienceListState(props, none).view).toBe('failed');
  });
  it('is loading until the first full list, then follows the store staleness', () => {
    expect(stateOf(presence({ synced: false }), none).view).toBe('loading');
    expect(stateOf(presence({ synced: false }), some).view).toBe('loading');
    expect(stateOf(presence({ status: 'reconnecting', stale: true, staleSince: 1 }))).toEqual({
      view: 'ready',
      stale: true,
    });
  });
  it('lets explicit props win over the store', () => {
    const props = presenceListStatus(presence({ synced: false }), {
      loading: false,
      error: { message: 'mine' },
    });
    expect(props.loading).toBe(false);
    expect(props.error).toEqual({ message: 'mine' });
  });
});
