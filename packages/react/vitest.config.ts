import { defineProject, mergeConfig } from 'vitest/config';
import { workspaceResolve } from '../../vitest.shared.ts';

export default mergeConfig(
  workspaceResolve,
  defineProject({
    test: {
      name: 'react',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.{ts,tsx}'] },
    },
  }),
);
