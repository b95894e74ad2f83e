/** Debian's Chromium: never `playwright install` (downloads fail here: toolchain.md). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium headless and quiet on a closed network (toolchain.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright launch options for that Chromium (spread them, then add your own). */
export const chromiumLaunchOptions: {
  readonly executablePath: string;
  readonly headless: true;
  readonly args: string[];
} = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS],
};
