import type {
  ChannelType,
  GetOnlineUsersOptions,
  GetOnlineUsersResponse,
  GetStateResponse,
  GetUserChannelsResponse,
  OccupancyDetail,
  RTMPresence,
  RemoveStateOptions,
  RemoveStateResponse,
  SetStateResponse,
  StateDetail,
  WhereNowResponse,
  WhoNowOptions,
  WhoNowResponse,
} from 'agora-rtm-sdk';
import type { States } from './presence-channel';
import {
  RtmErrorCode,
  type RtmErrorCodeValue,
  type RtmErrorName,
  SimulatedRtmError,
} from './rtm-error';
import type { SimulatedRtmClient } from './rtm-client';

/** The members of the SDK's `RTMPresence` the simulator implements. */
export type RtmPresenceSurface = Pick<
  RTMPresence,
  | 'whoNow'
  | 'getOnlineUsers'
  | 'setState'
  | 'getState'
  | 'removeState'
  | 'whereNow'
  | 'getUserChannels'
>;

/** The SDK's limits (MAX_STATE_COUNT 32, key <= 32 bytes, value <= 16,384 bytes; agora-notes.md §1b). */
const MAX_STATES = 32;
const MAX_KEY_BYTES = 32;
const MAX_VALUE_BYTES = 16_384;
// A state key follows the SDK's user-ID charset: 1..64 of these, not starting with '_'.
const STATE_KEY = /^[a-zA-Z0-9 !#$%&()+,\-:;<=>?@[\]^_{|}~]{1,64}$/;
const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

/**
 * agora-rtm-sdk 2.3.0's setState checks, in its order (agora-notes.md §1b,
 * "Validation"): empty -13003; too many keys -13005; per key: over 32 bytes
 * -13008, empty or outside the allowed set -13006; value over 16,384 bytes
 * -13009. A non-string value is -13007 (a simulator choice: the SDK does not
 * check the type).
 */
function validateState(state: StateDetail, current: States): void {
  const fail = (name: RtmErrorName, code: RtmErrorCodeValue, reason: string) =>
    new SimulatedRtmError(name, 'presenceSetState', code, reason);
  if (state === null || typeof state !== 'object') {
    throw fail(
      'RtmInvalidArgumentError',
      RtmErrorCode.INVALID_PARAMETER,
      'state must be an object of strings.',
    );
  }
  const keys = Object.keys(state);
  if (keys.length === 0) {
    throw fail(
      'RtmInvalidArgumentError',
      RtmErrorCode.PRESENCE_INVALID_ARGUMENT,
      'Presence operation failed due to invalid argument.state of parameter is empty',
    );
  }
  if (keys.length > MAX_STATES || new Set([...Object.keys(current), ...keys]).size > MAX_STATES) {
    throw fail(
      'RtmLimitExceededError',
      RtmErrorCode.PRESENCE_STATE_COUNT_OVERFLOW,
      'Exceed presence state count limitation.',
    );
  }
  for (const [key, value] of Object.entries(state)) {
    if (bytes(key) > MAX_KEY_BYTES) {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_STATE_KEY_SIZE_OVERFLOW,
        'Presence state key length is too long.',
      );
    }
    if (key.startsWith('_') || !STATE_KEY.test(key)) {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_INVALID_STATE_KEY,
        'Invalid presence state key.',
      );
    }
    if (typeof value !== 'string') {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_INVALID_STATE_VALUE,
        'Invalid presence state value.',
      );
    }
    if (bytes(value) > MAX_VALUE_BYTES) {
      throw fail(
        'RtmLimitExceededError',
        RtmErrorCode.PRESENCE_STATE_VALUE_SIZE_OVERFLOW,
        'Presence state value length is too long.',
      );
    }
  }
}

/**
 * `rtm.presence` of a {@link SimulatedRtmClient}. whoNow answers from the local
 * replica while subscribed with presence, else pages through the server
 * (agora-notes.md §1, "Presence API").
 */
export class SimulatedRtmPresence implements RtmPresenceSurface {
  /** @internal */
  constructor(private readonly client: SimulatedRtmClient) {}

  /** Who is in `channelName` now. Rate-limited (20 calls per second, agora-notes.md §1b). */
  whoNow(
    channelName: string,
    channelType: ChannelType,
    options?: WhoNowOptions,
  ): Promise<WhoNowResponse> {
    return this.client.limited('whoNow', 'whoNow', () =>
      this.answerWhoNow(channelName, channelType, options),
    );
  }

  private async answerWhoNow(
    channelName: string,
    channelType: ChannelType,
    options?: WhoNowOptions,
  ): Promise<WhoNowResponse> {
    this.check('whoNow', channelType, channelName);
    if (options?.includedUserId === false && options.includedState === true) {
      throw this.invalid(
        'whoNow',
        RtmErrorCode.PRESENCE_INVALID_ARGUMENT,
        'Presence operation failed due to invalid argument.include uid is false but include state is true',
      );
    }
    const { ctx } = this.client;
    const includeIds = options?.includedUserId ?? true;
    const includeState = options?.includedState ?? false;
    const timestamp = ctx.clock.now();
    const ch = ctx.channel(channelName);
    const replica = this.client.subscriptions.replica(channelName);
    if (replica?.isDegraded) {
      // Degraded mode: the message server answers, first page only, EMPTY
      // states, nextPage '', the true count (agora-notes.md §1b).
      const occupants = includeIds
        ? replica.degradedMembers().map((userId) => occupant(userId, {}, false))
        : [];
      return { totalOccupancy: ch.size, occupants, nextPage: '', timestamp };
    }
    if (replica && !replica.isTopn()) {
      // Local replica: no paging, local count.
      const occupants: OccupancyDetail[] = [];
      if (includeIds) {
        for (const [userId, states] of replica.members) {
          occupants.push(occupant(userId, states, includeState));
        }
      }
      return { totalOccupancy: replica.members.size, occupants, nextPage: '', timestamp };
    }
    if (!includeIds) return { totalOccupancy: ch.size, occupants: [], nextPage: '', timestamp };
    const after = options?.page ? decodeCursor(options.page, channelName) : undefined;
    const { records, lastSeq } = ch.page(after, ctx.presence.pageSize);
    const paginated = after !== undefined || lastSeq !== undefined;
    const cutShort =
      includeState &&
      lastSeq !== undefined &&
      ctx.faults.take('rtm-whonow-early-end', {
        userId: this.client.userId,
        channel: channelName,
      }) !== undefined;
    return {
      // The d.ts: "totalOccupancy ... is the total number of users on the current page" when paginated.
      totalOccupancy:
        paginated && ctx.presence.pagedTotalOccupancy === 'page' ? records.length : ch.size,
      occupants: records.map((r) => occupant(r.userId, r.states, includeState)),
      nextPage: lastSeq === undefined || cutShort ? '' : encodeCursor(channelName, lastSeq),
      timestamp,
    };
  }

  /** Alias of {@link SimulatedRtmPresence.whoNow}. */
  getOnlineUsers(
    channelName: string,
    channelType: ChannelType,
    options?: GetOnlineUsersOptions,
  ): Promise<GetOnlineUsersResponse> {
    return this.whoNow(channelName, channelType, options);
  }

  /** Channels where `userId` has a presence record. Rate-limited. */
  whereNow(userId: string): Promise<WhereNowResponse> {
    return this.client.limited('whereNow', 'whereNow', () => this.answerWhereNow(userId));
  }

  private async answerWhereNow(userId: string): Promise<WhereNowResponse> {
    this.client.assertConnected('whereNow');
    const channels = [];
    for (const ch of this.client.ctx.channels()) {
      if (ch.get(userId)) channels.push({ channelName: ch.name, channelType: 'MESSAGE' as const });
    }
    return { channels, totalChannel: channels.length, timestamp: this.client.ctx.clock.now() };
  }

  /** Alias of {@link SimulatedRtmPresence.whereNow}. */
  getUserChannels(userId: string): Promise<GetUserChannelsResponse> {
    return this.whereNow(userId);
  }

  /**
   * Sets or updates keys of this user's temporary state in `channelName`.
   * Before subscribing it is cached and sent on subscribe; with `beQuiet` it
   * stays local (agora-notes.md §1).
   */
  setState(
    channelName: string,
    channelType: ChannelType,
    state: StateDetail,
  ): Promise<SetStateResponse> {
    return this.client.limited('modifyState', 'presenceSetState', () =>
      this.writeState(channelName, channelType, state),
    );
  }

  private async writeState(
    channelName: string,
    channelType: ChannelType,
    state: StateDetail,
  ): Promise<SetStateResponse> {
    // -10025 only when IDLE: while the link is down the state is cached (agora-notes.md §1b).
    this.check('presenceSetState', channelType, channelName, false);
    validateState(state, this.client.subscriptions.stateOf(channelName));
    const next = { ...this.client.subscriptions.stateOf(channelName), ...state };
    this.store(channelName, Object.freeze(next));
    return { timestamp: this.client.ctx.clock.now() };
  }

  /** Removes the given keys of this user's state (all keys when omitted). Rate-limited with setState. */
  removeState(
    channelName: string,
    channelType: ChannelType,
    options?: RemoveStateOptions,
  ): Promise<RemoveStateResponse> {
    return this.client.limited('modifyState', 'presenceRemoveState', () =>
      this.dropState(channelName, channelType, options),
    );
  }

  private async dropState(
    channelName: string,
    channelType: ChannelType,
    options?: RemoveStateOptions,
  ): Promise<RemoveStateResponse> {
    this.check('presenceRemoveState', channelType, channelName, false);
    const current = this.client.subscriptions.stateOf(channelName);
    const next: Record<string, string> = {};
    if (options?.states) {
      const drop = new Set(options.states);
      for (const [k, v] of Object.entries(current)) if (!drop.has(k)) next[k] = v;
    }
    this.store(channelName, Object.freeze(next));
    return { timestamp: this.client.ctx.clock.now() };
  }

  /** `userId`'s states in `channelName`; -13011 when the user is not there. */
  getState(
    userId: string,
    channelName: string,
    channelType: ChannelType,
  ): Promise<GetStateResponse> {
    return this.client.limited('getState', 'presenceGetState', () =>
      this.readState(userId, channelName, channelType),
    );
  }

  private async readState(
    userId: string,
    channelName: string,
    channelType: ChannelType,
  ): Promise<GetStateResponse> {
    // Own state: any link state but IDLE; someone else's needs the link (the SDK's getState).
    this.check('presenceGetState', channelType, channelName, userId !== this.client.userId);
    const replica = this.client.subscriptions.replica(channelName);
    const states =
      replica && !replica.isTopn()
        ? replica.members.get(userId)
        : this.client.ctx.channel(channelName).get(userId)?.states;
    if (!states) {
      throw new SimulatedRtmError(
        'RtmUnavailableError', // as the SDK's getState
        'presenceGetState',
        RtmErrorCode.PRESENCE_USER_NOT_EXIST,
        `User ${userId} is not in ${channelName}.`,
      );
    }
    return { ...occupant(userId, states, true), timestamp: this.client.ctx.clock.now() };
  }

  private store(channelName: string, states: States): void {
    this.client.setState(channelName, states);
  }

  private check(
    operation: string,
    channelType: ChannelType,
    channelName: string,
    needsLink = true,
  ): void {
    // The SDK checks presence availability before the link (its _throwIfPresenceInactive).
    const down = this.client.ctx.channel(channelName).outOfService;
    if (down !== undefined) throw presenceUnavailable(operation, down);
    if (needsLink) this.client.assertConnected(operation);
    else this.client.assertNotIdle(operation);
    if (channelType !== 'MESSAGE') {
      throw this.invalid(
        operation,
        RtmErrorCode.INVALID_CHANNEL_TYPE,
        'The simulator supports MESSAGE channels only.',
      );
    }
  }

  private invalid(
    operation: string,
    code: (typeof RtmErrorCode)[keyof typeof RtmErrorCode],
    reason: string,
  ): SimulatedRtmError {
    return new SimulatedRtmError('RtmInvalidArgumentError', operation, code, reason);
  }
}

/**
 * Presence is unavailable: agora-rtm-sdk 2.3.0 never emits ERROR_OUT_OF_SERVICE,
 * its presence APIs reject -13014 (RTM_ERROR_PRESENCE_INACTIVE) or -13001
 * (RTM_ERROR_PRESENCE_NOT_CONNECTED), both RtmUnavailableError (§1b).
 */
function presenceUnavailable(operation: string, code: -13001 | -13014): SimulatedRtmError {
  return new SimulatedRtmError(
    'RtmUnavailableError',
    operation,
    code,
    code === RtmErrorCode.PRESENCE_INACTIVE
      ? 'Presence service is inactive.'
      : 'Presence service is not connected.',
  );
}

function occupant(userId: string, states: States, includeState: boolean): OccupancyDetail {
  return includeState
    ? { userId, states: { ...states }, statesCount: Object.keys(states).length }
    : { userId, states: {}, statesCount: 0 };
}

function encodeCursor(channelName: string, seq: number): string {
  return btoa(encodeURIComponent(JSON.stringify([channelName, seq])));
}

function decodeCursor(page: string, channelName: string): number {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(atob(page)));
    if (Array.isArray(parsed) && parsed[0] === channelName && Number.isInteger(parsed[1])) {
      return parsed[1] as number;
    }
  } catch {
    // fall through to the typed error
  }
  throw new SimulatedRtmError(
    'RtmInvalidArgumentError',
    'whoNow',
    RtmErrorCode.INVALID_PARAMETER,
    `Invalid page cursor "${page}".`,
  );
}
