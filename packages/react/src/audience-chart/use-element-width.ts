import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The width of an element in CSS px, followed with a ResizeObserver, so the
 * chart draws (and downsamples) for the pixels it really has. `fallback` until
 * measured: on the server, in the first render, and where there is no
 * ResizeObserver (jsdom).
 */
export function useElementWidth<T extends Element>(
  fallback: number,
): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      const next = Math.round(element.getBoundingClientRect().width);
      if (next > 0) setWidth(next);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
