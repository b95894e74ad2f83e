import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { UserConfig } from 'vite';

/**
 * Workspace packages export `./src/index.ts` under the `@audience-presence/source`
 * condition, so tests, stories and the demo run on source without a build step
 * (the TanStack Query practice). Published consumers never see this condition.
 */
export const sourceCondition = '@audience-presence/source';

export const workspaceResolve: Pick<UserConfig, 'resolve' | 'ssr'> = {
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
};
