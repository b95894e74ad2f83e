import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

// Same condition as vitest.shared.ts (not imported: Storybook loads this file
// through Node's ESM resolver, which wants file extensions).
const sourceCondition = '@audience-presence/source';

/**
 * Storybook for the whole repo: stories live beside their components
 * (`packages/*\/src/**\/*.stories.tsx`). Workspace packages resolve to their
 * source through the `@audience-presence/source` condition, so no build is needed.
 */
const config: StorybookConfig = {
  stories: ['../packages/*/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: 'react-docgen-typescript' },
  viteFinal: (vite) =>
    mergeConfig(vite, { resolve: { conditions: [sourceCondition, ...defaultClientConditions] } }),
};

export default config;
