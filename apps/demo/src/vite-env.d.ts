/// <reference types="vite/client" />

/** The only build-time settings the demo reads; both are public values. */
interface ImportMetaEnv {
  /** an Agora App ID: switches the demo to real mode */
  readonly VITE_AGORA_APP_ID?: string;
  /** a token endpoint such as apps/server's POST /token */
  readonly VITE_TOKEN_URL?: string;
}
