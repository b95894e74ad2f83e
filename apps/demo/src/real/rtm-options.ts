import type { RTMConfig } from 'agora-rtm-sdk';

/**
 * Config of the real agora-rtm-sdk client in both real-mode screens. It goes
 * to the provider's `rtmConfig`, so the provider makes (and reuses) the client
 * itself: agora-rtm-sdk 2.3.0 allows one client per App ID + userId for the
 * life of the page (docs/agora-behaviour.md §1b), which a client made here per mount
 * would break on the second join.
 */
export const REAL_RTM_CONFIG: RTMConfig = {
  // RTM presence timeout on real Agora, s (default 300: docs/agora-behaviour.md §1)
  presenceTimeout: 30,
  logUpload: false,
  logLevel: 'warn',
};
