/** How the demo runs: on the in-page simulator, or on real Agora. */
export type DemoConfig =
  | { readonly mode: 'simulated'; readonly channel: string }
  | {
      readonly mode: 'real';
      readonly channel: string;
      readonly appId: string;
      /** a token endpoint such as apps/server's POST /token; null when the project has no App Certificate */
      readonly tokenUrl: string | null;
      /**
       * `agora`: agora-rtc-react. `simulated` (`?rtc=sim`): the simulator's RTC
       * client with the real agora-rtm-sdk, so the real RTM login runs even where
       * the RTC join cannot (offline, or a project without RTC).
       */
      readonly rtc: 'agora' | 'simulated';
      /** bound on every Agora step, ms (`?timeoutMs=`) */
      readonly timeoutMs: number;
    };

/** The channel every tab of the demo joins unless `?channel=` says otherwise. */
export const DEFAULT_CHANNEL = 'demo-live';

/** Bound on every Agora step in real mode: a bad App ID or no network ends in an error, not a spinner. */
export const DEFAULT_JOIN_TIMEOUT_MS = 15_000;
const MIN_JOIN_TIMEOUT_MS = 1_000;
const MAX_JOIN_TIMEOUT_MS = 120_000;

// Agora's channel-name rule (docs/agora-behaviour.md §2, "Channel names"): under 64 bytes.
const CHANNEL_NAME = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,63}$/;

function joinTimeout(value: string | null): number {
  const ms = Number(value ?? '');
  if (value === null || !Number.isInteger(ms)) return DEFAULT_JOIN_TIMEOUT_MS;
  return Math.min(MAX_JOIN_TIMEOUT_MS, Math.max(MIN_JOIN_TIMEOUT_MS, ms));
}

/**
 * Reads the mode from the build's environment (`VITE_AGORA_APP_ID`,
 * `VITE_TOKEN_URL`) and the page's query string (`?appId=`, `?tokenUrl=`,
 * `?channel=`, `?mode=simulated`, `?rtc=sim`, `?timeoutMs=`). The query wins,
 * so the same build can be pointed at real Agora (the e2e tests do this). Only
 * public values are read: an App ID is not a secret; certificates never reach
 * the browser.
 */
export function readDemoConfig(
  env: { readonly VITE_AGORA_APP_ID?: string; readonly VITE_TOKEN_URL?: string },
  search: string,
): DemoConfig {
  const query = new URLSearchParams(search);
  const requested = query.get('channel')?.trim() ?? '';
  const channel = CHANNEL_NAME.test(requested) ? requested : DEFAULT_CHANNEL;
  if (query.get('mode') === 'simulated') return { mode: 'simulated', channel };
  const appId = (query.get('appId') ?? env.VITE_AGORA_APP_ID ?? '').trim();
  if (appId === '') return { mode: 'simulated', channel };
  const tokenUrl = (query.get('tokenUrl') ?? env.VITE_TOKEN_URL ?? '').trim();
  return {
    mode: 'real',
    channel,
    appId,
    tokenUrl: tokenUrl === '' ? null : tokenUrl,
    rtc: query.get('rtc') === 'sim' ? 'simulated' : 'agora',
    timeoutMs: joinTimeout(query.get('timeoutMs')),
  };
}
