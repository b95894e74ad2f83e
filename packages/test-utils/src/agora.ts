/**
 * An App ID the Agora SDKs (and the simulator) accept: agora-rtm-sdk 2.3.0
 * rejects anything but 32 letters or digits with -10003 (docs/agora-behaviour.md §1b,
 * "Constructor checks"). Not a real project: nothing here reaches Agora.
 */
export const TEST_APP_ID = '0123456789abcdef0123456789abcdef';
