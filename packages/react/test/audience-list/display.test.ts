import { describe, expect, it } from 'vitest';
import type { Member } from '@audience-presence/core';
import {
  getAvatarUrl,
  getDisplayName,
  getInitials,
  safeAvatarUrl,
} from '../../src/audience-list/display';

const m = (state: Record<string, string>): Member => ({
  userId: 'user-1',
  role: 'audience',
  state,
  joinedAt: 0,
  lastSeenAt: 0,
});

describe('getDisplayName', () => {
  it('reads the configured key and falls back to the userId', () => {
    expect(getDisplayName(m({ name: ' Ana ' }))).toBe('Ana');
    expect(getDisplayName(m({ nick: 'Bo' }), 'nick')).toBe('Bo');
    expect(getDisplayName(m({ name: '   ' }))).toBe('user-1');
    expect(getDisplayName(m({}))).toBe('user-1');
  });
});

describe('getInitials', () => {
  it('takes the first letters of the first and last word', () => {
    expect(getInitials('Ana Maria Lima')).toBe('AL');
    expect(getInitials('bo')).toBe('B');
    expect(getInitials('  ')).toBe('?');
    expect(getInitials('😀 Smile')).toBe('😀S');
  });
});

describe('safeAvatarUrl', () => {
  it.each([
    ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'],
    ['http://example.com/a b.png', 'http://example.com/a%20b.png'],
    ['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo='],
    ['  https://example.com/x.jpg  ', 'https://example.com/x.jpg'],
  ])('keeps %s', (input, expected) => {
    expect(safeAvatarUrl(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '/relative/avatar.png',
    '//evil.example/avatar.png',
    'ftp://example.com/a.png',
    'file:///etc/passwd',
    '',
    'not a url',
  ])('rejects %s', (input) => {
    expect(safeAvatarUrl(input)).toBeNull();
  });

  it('rejects non-strings and reads the configured key', () => {
    expect(safeAvatarUrl(undefined)).toBeNull();
    expect(safeAvatarUrl(42)).toBeNull();
    expect(getAvatarUrl(m({ pic: 'https://e.com/p.png' }), 'pic')).toBe('https://e.com/p.png');
    expect(getAvatarUrl(m({ avatar: 'javascript:alert(1)' }))).toBeNull();
  });
});
