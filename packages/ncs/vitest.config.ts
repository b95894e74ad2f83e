import { defineProject, mergeConfig } from 'vitest/config';
import { workspaceResolve } from '../../vitest.shared.ts';

export default mergeConfig(
  workspaceResolve,
  defineProject({
    test: { name: 'ncs', environment: 'node', include: ['test/**/*.test.ts'] },
  }),
);
