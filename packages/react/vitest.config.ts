import { defineProject, mergeConfig } from 'vitest/config';
import { workspaceResolve } from '../../vitest.shared.ts';

export default mergeConfig(
  workspaceResolve,
  defineProject({
    test: {
      name: 'react',
      environment: 'jsdom',
      include: ['test/**/*.test.{ts,tsx}'],
      typecheck: { enabled: true, include: ['test/**/*.test-d.{ts,tsx}'] },
    },
  }),
);
