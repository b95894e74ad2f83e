import type { Member, MemberState } from '@audience-presence/core';

/** State key read for a member's display name unless configured otherwise. */
export const DEFAULT_NAME_KEY = 'name';
/** State key read for a member's avatar URL unless configured otherwise. */
export const DEFAULT_AVATAR_KEY = 'avatar';

/**
 * The name shown for a member: `state[nameKey]` trimmed, or the userId when the
 * member set no name. Always plain text; callers render it as a text node.
 */
export function getDisplayName<S extends MemberState>(
  member: Member<S>,
  nameKey: string = DEFAULT_NAME_KEY,
): string {
  const raw = member.state[nameKey];
  const name = typeof raw === 'string' ? raw.trim() : '';
  return name === '' ? member.userId : name;
}

/**
 * Up to two initials for the fallback avatar ("Ana Lima" -> "AL", "bo" -> "B").
 * Works on code points so emoji and non-Latin names are not cut in half.
 */
export function getInitials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== '');
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const initial = (word: string): string => (Array.from(word)[0] ?? '').toLocaleUpperCase();
  return initial(first) + (last === undefined ? '' : initial(last));
}

const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|svg\+xml)[;,]/iu;

/**
 * Returns the URL when it is safe to put in `<img src>`: absolute `http:` /
 * `https:` URLs and `data:image/...` URLs. Anything else (`javascript:`,
 * `data:text/html`, relative paths, garbage) gives `null`, and the row falls
 * back to initials. Member state is user input, so this is a security boundary.
 */
export function safeAvatarUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const url = value.trim();
  if (url === '') return null;
  if (DATA_IMAGE.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
}

/** The member's avatar URL from `state[avatarKey]`, filtered by {@link safeAvatarUrl}. */
export function getAvatarUrl<S extends MemberState>(
  member: Member<S>,
  avatarKey: string = DEFAULT_AVATAR_KEY,
): string | null {
  return safeAvatarUrl(member.state[avatarKey]);
}
