/** Debian's Chromium: never `playwright install` (downloads fail here: toolchain.md). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium headless and quiet on a closed network (toolchain.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
