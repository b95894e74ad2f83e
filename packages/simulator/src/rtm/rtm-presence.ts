import type {
  RtmBaseResponse as RemoveStateResponse,
  RtmBaseResponse as SetStateResponse,
  RtmChannelType as ChannelType,
  RtmGetStateResponse as GetStateResponse,
  RtmOccupancyDetail as OccupancyDetail,
  RtmRemoveStateOptions as RemoveStateOptions,
  RtmStateDetail as StateDetail,
  RtmWhereNowResponse as GetUserChannelsResponse,
  RtmWhereNowResponse as WhereNowResponse,
  RtmWhoNowOptions as GetOnlineUsersOptions,
  RtmWhoNowOptions as WhoNowOptions,
  RtmWhoNowResponse as GetOnlineUsersResponse,
  RtmWhoNowResponse as WhoNowResponse,
} from '../agora-types';
import type { States } from './presence-channel';
import { checkChannelName, validateState } from './sdk-checks';
import { RtmErrorCode, SimulatedRtmError } from './rtm-error';
import type { SimulatedRtmClient } from './rtm-client';

/**
 * `rtm.presence` of a {@link SimulatedRtmClient}. whoNow answers from the local
 * replica while subscribed with presence, else pages through the server
 * (docs/agora-behaviour.md §1, "Presence API").
 */
export class SimulatedRtmPresence {
  /** @internal */
  constructor(private readonly client: SimulatedRtmClient) {}

  /** Who is in `channelName` now. Rate-limited (20 calls per second, docs/agora-behaviour.md §1b). */
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
      // states, nextPage '', the true count (docs/agora-behaviour.md §1b).
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
   * stays local (docs/agora-behaviour.md §1).
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
    // -10025 only when IDLE: while the link is down the state is cached (docs/agora-behaviour.md §1b).
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
    checkChannelName(channelName, operation);
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
