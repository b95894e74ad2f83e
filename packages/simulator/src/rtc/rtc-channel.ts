import type {
  RtcClientRole as ClientRole,
  RtcRemoteUser as IAgoraRTCRemoteUser,
  RtcUid as UID,
} from '../agora-types';
import type { Clock } from '../clock';

/** Why a user left an RTC channel: quit, silent for too long, or token expired. */
export type RtcLeaveReason = 'quit' | 'timeout' | 'token';

/** The SDK's `user-left` reason strings (docs/agora-behaviour.md §2). */
export type UserLeftReason = 'Quit' | 'ServerTimeOut' | 'BecomeAudience';

const userLeftReason: Record<RtcLeaveReason, UserLeftReason> = {
  quit: 'Quit',
  timeout: 'ServerTimeOut',
  token: 'Quit',
};

/** One user in an RTC channel on the simulated server. */
export interface RtcUser {
  readonly uid: UID;
  role: ClientRole;
  readonly joinedAt: number;
  /** Stable object handed to clients as a remote user. */
  readonly remote: IAgoraRTCRemoteUser;
  /** NCS platform code (7 Web). */
  readonly platform: number;
}

/** Something that happened in an RTC channel (feeds NCS webhooks). */
export type RtcActivity =
  | { type: 'join'; channel: string; user: RtcUser; at: number }
  | { type: 'leave'; channel: string; user: RtcUser; reason: RtcLeaveReason; at: number }
  | { type: 'role'; channel: string; user: RtcUser; at: number };

/** A connected RTC client as the channel sees it. */
export interface RtcPeer {
  readonly key: string;
  onHostJoined(user: RtcUser): void;
  onHostLeft(user: RtcUser, reason: UserLeftReason): void;
}

/**
 * The server side of one RTC channel. In live mode only hosts are visible to
 * clients: audience members are invisible (docs/agora-behaviour.md §2), so an
 * audience join costs O(1) and notifies no one.
 */
export class RtcChannel {
  readonly users = new Map<string, RtcUser>();
  readonly peers = new Set<RtcPeer>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly onActivity: (a: RtcActivity) => void,
  ) {}

  /** Adds a user; returns it (false when the uid is already in the channel). */
  join(uid: UID, role: ClientRole, platform = 7): RtcUser | undefined {
    const key = String(uid);
    if (this.users.has(key)) return undefined;
    const user: RtcUser = {
      uid,
      role,
      platform,
      joinedAt: this.clock.now(),
      remote: { uid, hasAudio: false, hasVideo: false },
    };
    this.users.set(key, user);
    if (role === 'host') for (const p of [...this.peers]) if (p.key !== key) p.onHostJoined(user);
    this.onActivity({ type: 'join', channel: this.name, user, at: this.clock.now() });
    return user;
  }

  /** Removes a user; false when absent. */
  leave(uid: UID, reason: RtcLeaveReason): boolean {
    const key = String(uid);
    const user = this.users.get(key);
    if (!user) return false;
    this.users.delete(key);
    if (user.role === 'host')
      for (const p of [...this.peers])
        if (p.key !== key) p.onHostLeft(user, userLeftReason[reason]);
    this.onActivity({ type: 'leave', channel: this.name, user, reason, at: this.clock.now() });
    return true;
  }

  /** Changes a user's role: becoming host is a `user-joined`, stepping down a `user-left` BecomeAudience. */
  setRole(uid: UID, role: ClientRole): void {
    const key = String(uid);
    const user = this.users.get(key);
    if (!user || user.role === role) return;
    user.role = role;
    for (const p of [...this.peers]) {
      if (p.key === key) continue;
      if (role === 'host') p.onHostJoined(user);
      else p.onHostLeft(user, 'BecomeAudience');
    }
    this.onActivity({ type: 'role', channel: this.name, user, at: this.clock.now() });
  }

  /** Hosts other than `selfKey`, in join order. */
  hostsExcept(selfKey: string): RtcUser[] {
    const hosts: RtcUser[] = [];
    for (const u of this.users.values())
      if (u.role === 'host' && String(u.uid) !== selfKey) hosts.push(u);
    return hosts;
  }
}
