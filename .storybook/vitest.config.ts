import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, mergeConfig } from 'vitest/config';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { workspaceResolve } from '../vitest.shared';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/**
 * Every story runs as a test in Debian's Chromium (no browser download):
 * it renders, passes its play function and the axe accessibility check.
 */
export default mergeConfig(
  workspaceResolve,
  defineProject({
    plugins: [storybookTest({ configDir: dirname })],
    test: {
      name: 'storybook',
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: '/usr/bin/chromium',
            args: [
              '--headless',
              '--no-sandbox',
              '--disable-gpu',
              '--disable-quic',
              '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
);
