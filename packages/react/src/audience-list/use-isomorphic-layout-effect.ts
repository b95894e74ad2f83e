import { useEffect, useLayoutEffect } from 'react';

/**
 * `useLayoutEffect` in a browser, `useEffect` on a server. Neither runs during
 * a server render, but React 18's server renderer prints "useLayoutEffect does
 * nothing on the server" for every layout effect it meets (React 19 does not),
 * so AudienceList would spam an SSR app's log. Decided once, at module load:
 * the hook order of a component never changes.
 */
export const useIsomorphicLayoutEffect: typeof useLayoutEffect =
  typeof document === 'undefined' ? useEffect : useLayoutEffect;
