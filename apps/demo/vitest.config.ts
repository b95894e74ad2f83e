import { defineProject, mergeConfig } from 'vitest/config';
import { workspaceResolve } from '../../vitest.shared.ts';

/**
 * End-to-end tests of the built demo in Debian's Chromium (playwright-core,
 * no browser download). globalSetup builds the demo and serves it with
 * `vite preview` on a free port. Files run one after another, after the other
 * projects (groupOrder 1), so timing-sensitive checks do not share two CPU
 * cores with the rest of the suite.
 */
export default mergeConfig(
  workspaceResolve,
  defineProject({
    test: {
      name: 'e2e',
      environment: 'node',
      include: ['test/**/*.e2e.test.ts'],
      globalSetup: ['test/helpers/global-setup.ts'],
      fileParallelism: false,
      sequence: { groupOrder: 1 },
      testTimeout: 120_000,
      hookTimeout: 180_000,
    },
  }),
);
