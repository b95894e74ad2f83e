import { useState } from 'react';
import { getInitials } from './display';

/** Props of {@link Avatar}. */
export interface AvatarProps {
  /** Already filtered by `safeAvatarUrl`; `null` shows initials. */
  url: string | null;
  name: string;
  className: string;
}

/**
 * A member's picture, or their initials when there is no safe URL or the
 * image fails to load. Decorative: the name is always next to it.
 */
export function Avatar({ url, name, className }: AvatarProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (url !== null && url !== failedUrl) {
    return (
      <img
        className={className}
        src={url}
        alt=""
        loading="lazy"
        decoding="async"
        referrerPolicy="no-referrer"
        onError={() => setFailedUrl(url)}
      />
    );
  }
  return (
    <span className={className} aria-hidden="true">
      {getInitials(name)}
    </span>
  );
}
