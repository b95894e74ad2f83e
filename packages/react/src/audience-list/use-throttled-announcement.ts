import { useEffect, useRef, useState } from 'react';

/**
 * Text for a polite live region that follows `message` at most once per
 * `intervalMs` (the latest value wins). A crowd of joins becomes one
 * announcement, not one per join. The first value is not announced: the
 * region starts empty so screen readers do not read it on mount.
 */
export function useThrottledAnnouncement(message: string, intervalMs: number): string {
  const [announced, setAnnounced] = useState('');
  const first = useRef(message);
  const lastAt = useRef(-Infinity);

  useEffect(() => {
    if (message === first.current) return;
    first.current = ''; // from now on, every change counts
    const wait = lastAt.current + intervalMs - Date.now();
    const timer = setTimeout(
      () => {
        lastAt.current = Date.now();
        setAnnounced(message);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [message, intervalMs]);

  return announced;
}
