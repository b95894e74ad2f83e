import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, mergeConfig } from 'vitest/config';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
// by path, not by package name: Vite's config loader leaves package imports to
// Node, and Node 20 cannot load test-utils' TypeScript source
import { chromiumLaunchOptions } from '../packages/test-utils/src/chromium.ts';
import { workspaceResolve } from '../vitest.shared.ts';

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
          launchOptions: chromiumLaunchOptions,
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
);
