import { useEffect, useRef, useState } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect';

const shallowEqual = <T extends object>(a: T, b: T): boolean => {
  for (const key in a) if (!Object.is(a[key], b[key])) return false;
  return true;
};

/**
 * Returns `value`, but lets a new value through at most once per animation
 * frame (the latest one wins; fields compared shallowly). At thousands of
 * presence events per second the list then does its O(n) work once per frame,
 * not once per store update. With `enabled: false` it is the identity.
 */
export function useFrameCoalesced<T extends object>(value: T, enabled: boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const frame = useRef(0);
  const changed = !shallowEqual(value, shown);

  useIsomorphicLayoutEffect(() => {
    latest.current = value;
  });

  useEffect(() => {
    if (!enabled || !changed || frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setShown(latest.current);
    });
  }, [enabled, changed, value]);

  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );

  return enabled ? shown : value;
}
