import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { Member, Role } from '@audience-presence/core';
import { AudienceList } from '../../src/audience-list/audience-list';

const member = (
  userId: string,
  joinedAt: number,
  state: Record<string, string> = {},
  role: Role = 'audience',
): Member => ({
  userId,
  role,
  state,
  joinedAt,
  lastSeenAt: joinedAt,
});

const crowd = (n: number, offset = 0): Member[] =>
  Array.from({ length: n }, (_, i) =>
    member(`u${i + offset}`, i + offset, { name: `Viewer ${i + offset}` }),
  );

// jsdom has no layout: give the scroller a viewport so the virtualizer renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('ap-audience-list__scroller') ? 480 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const rows = () => screen.queryAllByRole('listitem');

describe('AudienceList states', () => {
  it('shows a loading skeleton before the first snapshot', () => {
    render(<AudienceList coalesce={false} members={[]} status="connecting" />);
    const region = screen.getByRole('region', { name: 'Audience' });
    expect(region?.getAttribute('aria-busy')).toBe('true');
    expect(region?.getAttribute('data-state')).toBe('loading');
    expect(screen.getByText('Loading the audience…')).toBeTruthy();
    expect(rows()).toHaveLength(0);
  });

  it('shows the empty state', () => {
    render(<AudienceList coalesce={false} members={[]} status="connected" />);
    expect(screen.getByText('No one is watching yet')).toBeTruthy();
  });

  it('keeps the list while stale, with a notice that goes on reconnect', () => {
    const members = crowd(3);
    const { rerender } = render(
      <AudienceList coalesce={false} members={members} status="reconnecting" />,
    );
    expect(screen.getByText('Reconnecting… the list may be out of date.')).toBeTruthy();
    expect(screen.getByRole('region')?.hasAttribute('data-stale')).toBe(true);
    expect(rows()).toHaveLength(3);
    rerender(<AudienceList coalesce={false} members={members} status="connected" />);
    expect(screen.queryByText('Reconnecting… the list may be out of date.')).toBeNull();
    expect(screen.getByRole('region')?.hasAttribute('data-stale')).toBe(false);
  });

  it('accepts a Staleness object', () => {
    render(<AudienceList coalesce={false} members={crowd(2)} stale={{ stale: true, since: 5 }} />);
    expect(screen.getByText('Reconnecting… the list may be out of date.')).toBeTruthy();
  });

  it('shows the error message and a retry action when one is given', () => {
    const onRetry = vi.fn();
    const { rerender } = render(
      <AudienceList
        members={crowd(2)}
        status="failed"
        error={{ message: 'Token expired' }}
        onRetry={onRetry}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('p')?.textContent).toBe(
      'Could not load the audience. Token expired',
    );
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    rerender(<AudienceList coalesce={false} members={crowd(2)} status="failed" />);
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});

describe('AudienceList content', () => {
  it('counts from the occupancy, not from the rows loaded', () => {
    const members = [
      member('h1', 0, { name: 'Host One' }, 'host'),
      member('h2', 1, {}, 'host'),
      ...crowd(10, 10),
    ];
    render(
      <AudienceList
        members={members}
        occupancy={{ total: 48_212, source: 'interval' }}
        locale="en-US"
      />,
    );
    expect(screen.getByText('2 hosts · 48,210 watching')).toBeTruthy();
    expect(screen.getByRole('list', { name: '2 hosts' })).toBeTruthy();
    expect(screen.getByRole('list', { name: '48,210 watching' })).toBeTruthy();
  });

  it('renders 100,000 members with fewer than 100 rows in the DOM', () => {
    const { container } = render(
      <AudienceList coalesce={false} members={crowd(100_000)} occupancy={100_000} />,
    );
    const count = rows().length;
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(100);
    expect(container.querySelectorAll('*').length).toBeLessThan(600);
  });

  it('puts aria-setsize and aria-posinset on virtual rows', () => {
    render(<AudienceList coalesce={false} members={crowd(1000)} />);
    const first = rows()[0]!;
    expect(first?.getAttribute('aria-setsize')).toBe('1000');
    expect(first?.getAttribute('aria-posinset')).toBe('1');
    expect(rows()[3]?.getAttribute('aria-posinset')).toBe('4');
  });

  it('renders the rows under the scroll position, keeping the focusable row mounted', () => {
    const { container } = render(<AudienceList coalesce={false} members={crowd(1000)} />);
    const scroller = container.querySelector<HTMLElement>('.ap-audience-list__scroller')!;
    // jsdom does not scroll: set where the user scrolled to, then tell the list.
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 48 * 500 });
    fireEvent.scroll(scroller);
    const positions = rows().map((row) => Number(row.getAttribute('aria-posinset')));
    // rows 501..510 fill the 480px viewport at 48px, plus a few overscan rows each side
    for (let p = 501; p <= 510; p++) expect(positions).toContain(p);
    expect(positions.filter((p) => p > 1).every((p) => p >= 490 && p <= 520)).toBe(true);
    // the roving-tabindex row (the first member) stays mounted far out of view
    expect(positions).toContain(1);
    const first = rows().find((row) => row.getAttribute('aria-posinset') === '1')!;
    expect(first.getAttribute('tabindex')).toBe('0');
    const sizer = container.querySelector<HTMLElement>('.ap-audience-list__sizer')!;
    expect(sizer.style.height).toBe(`${48 * 1000}px`);
  });

  it('renders names and state as text, never as HTML', () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    const { container } = render(
      <AudienceList coalesce={false} members={[member('x', 0, { name: evil })]} />,
    );
    expect(screen.getByText(evil)).toBeTruthy();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('only uses http(s) and data:image avatar URLs, with initials otherwise', () => {
    const members = [
      member('a', 0, { name: 'Ana Lima', avatar: 'https://cdn.example.com/ana.png' }),
      member('b', 1, { name: 'Bo Chen', avatar: 'javascript:alert(1)' }),
      member('c', 2, { name: 'Cy', avatar: 'data:image/png;base64,AAAA' }),
      member('d', 3, { name: 'Di', avatar: 'data:text/html,<script>alert(1)</script>' }),
    ];
    const { container } = render(<AudienceList coalesce={false} members={members} />);
    const srcs = [...container.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(srcs).toEqual(['https://cdn.example.com/ana.png', 'data:image/png;base64,AAAA']);
    expect(screen.getByText('BC')).toBeTruthy();
    expect(screen.getByText('D')).toBeTruthy();
  });

  it('falls back to initials when the image fails to load', () => {
    const { container } = render(
      <AudienceList
        members={[member('a', 0, { name: 'Ana Lima', avatar: 'https://cdn.example.com/404.png' })]}
      />,
    );
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy();
  });

  it('reads names and avatars from configurable keys', () => {
    render(
      <AudienceList coalesce={false} members={[member('a', 0, { nick: 'Zed' })]} nameKey="nick" />,
    );
    expect(screen.getByText('Zed')).toBeTruthy();
  });

  it('renders custom rows with renderItem inside the accessible row', () => {
    render(
      <AudienceList
        members={crowd(2)}
        renderItem={(m, info) => (
          <strong data-testid="custom">{`${info.displayName} (${m.userId}) #${info.index}`}</strong>
        )}
      />,
    );
    expect(screen.getAllByTestId('custom').map((el) => el.textContent)).toEqual([
      'Viewer 0 (u0) #0',
      'Viewer 1 (u1) #1',
    ]);
    expect(
      screen
        .getAllByTestId('custom')[0]!
        .closest('[role="listitem"]')
        ?.getAttribute('aria-posinset'),
    ).toBe('1');
  });
});

describe('AudienceList search and sort', () => {
  it('filters rows by display name, ignoring case and accents', async () => {
    const members = [
      member('a', 0, { name: 'Élodie' }),
      member('b', 1, { name: 'Bruno' }),
      member('c', 2, { name: 'elo' }),
    ];
    render(<AudienceList coalesce={false} members={members} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by name' }), {
      target: { value: 'ELO' },
    });
    await vi.waitFor(() => expect(rows().map((r) => r.textContent)).toEqual(['ÉÉlodie', 'Eelo']));
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'zzz' } });
    await vi.waitFor(() => expect(screen.getByText('No one matches “zzz”')).toBeTruthy());
  });

  it('sorts by name or join time', () => {
    const members = [member('a', 0, { name: 'Zoe' }), member('b', 1, { name: 'Ana' })];
    render(<AudienceList coalesce={false} members={members} />);
    expect(rows().map((r) => r.dataset['userId'])).toEqual(['a', 'b']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), {
      target: { value: 'name' },
    });
    expect(rows().map((r) => r.dataset['userId'])).toEqual(['b', 'a']);
  });

  it('supports controlled query and sort', () => {
    const onQueryChange = vi.fn();
    render(
      <AudienceList
        members={crowd(30)}
        query="Viewer 2"
        onQueryChange={onQueryChange}
        sort="name"
      />,
    );
    expect(rows().map((r) => r.dataset['userId'])).toEqual([
      'u2',
      'u20',
      'u21',
      'u22',
      'u23',
      'u24',
      'u25',
      'u26',
      'u27',
      'u28',
      'u29',
    ]);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'x' } });
    expect(onQueryChange).toHaveBeenCalledWith('x');
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('Viewer 2');
  });
});

describe('AudienceList keyboard and focus', () => {
  it('makes exactly one row tabbable and moves focus with arrows, Home and End', () => {
    render(<AudienceList coalesce={false} members={crowd(500)} />);
    const tabbable = rows().filter((r) => r.tabIndex === 0);
    expect(tabbable.map((r) => r.dataset['userId'])).toEqual(['u0']);
    act(() => tabbable[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u1');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u499');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('500');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u499');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u0');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u0');
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
  });

  it('moves between the host and audience sections', () => {
    const members = [member('h', 0, { name: 'Host' }, 'host'), ...crowd(3, 1)];
    render(<AudienceList coalesce={false} members={members} />);
    act(() => rows()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u1');
    expect(document.activeElement!.closest('[role="list"]')?.getAttribute('aria-label')).toBe(
      '3 watching',
    );
  });

  it('jumps with type-ahead', () => {
    const members = [
      member('a', 0, { name: 'Ana' }),
      member('b', 1, { name: 'Bruno' }),
      member('c', 2, { name: 'Bea' }),
    ];
    render(<AudienceList coalesce={false} members={members} />);
    act(() => rows()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: 'b' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('b');
    fireEvent.keyDown(document.activeElement!, { key: 'e' });
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('c');
  });

  it('keeps focus on the same member when rows move, even far out of view', () => {
    const members = crowd(1000);
    const { rerender } = render(<AudienceList coalesce={false} members={members} sort="name" />);
    const target = rows().find((r) => r.dataset['userId'] === 'u1')!;
    act(() => target.focus());
    // u1 is renamed so it sorts last, 999 rows further down.
    const renamed = members.map((m) => (m.userId === 'u1' ? { ...m, state: { name: 'zzz' } } : m));
    rerender(<AudienceList coalesce={false} members={renamed} sort="name" />);
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u1');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1000');
  });

  it('keeps focus when the member moves to another section', () => {
    const members = crowd(5);
    const { rerender } = render(<AudienceList coalesce={false} members={members} />);
    act(() => rows()[2]!.focus());
    rerender(
      <AudienceList
        coalesce={false}
        members={members.map((m) => (m.userId === 'u2' ? { ...m, role: 'host' as const } : m))}
      />,
    );
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u2');
    expect(document.activeElement!.closest('[role="list"]')?.getAttribute('aria-label')).toBe(
      '1 host',
    );
  });

  it('moves focus to the next member when the focused one leaves', () => {
    const members = crowd(5);
    const { rerender } = render(<AudienceList coalesce={false} members={members} />);
    act(() => rows()[2]!.focus());
    rerender(<AudienceList coalesce={false} members={members.filter((m) => m.userId !== 'u2')} />);
    expect(document.activeElement?.getAttribute('data-user-id')).toBe('u3');
  });
});

describe('AudienceList coalescing', () => {
  it('applies a burst of member updates once, on the next animation frame', async () => {
    const { rerender } = render(<AudienceList members={crowd(1)} />);
    for (let n = 2; n <= 20; n++) rerender(<AudienceList members={crowd(n)} />);
    // the visible count, not the live region (whose own timer may also have fired under load)
    const shown = (text: string) =>
      screen.queryAllByText(text).filter((el) => el.closest('[role="status"]') === null);
    // still the first list until a frame passes
    expect(shown('1 watching')).toHaveLength(1);
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    expect(shown('20 watching')).toHaveLength(1);
    expect(shown('1 watching')).toHaveLength(0);
  });
});

describe('AudienceList live region', () => {
  it('announces count changes politely, throttled, not once per join', () => {
    vi.useFakeTimers();
    const { rerender } = render(
      <AudienceList coalesce={false} members={crowd(1)} announceIntervalMs={5000} />,
    );
    const live = screen.getByRole('status');
    expect(live?.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');
    rerender(<AudienceList coalesce={false} members={crowd(2)} announceIntervalMs={5000} />);
    act(() => vi.advanceTimersByTime(0));
    expect(live.textContent).toBe('2 watching');
    for (let n = 3; n <= 50; n++) {
      rerender(<AudienceList coalesce={false} members={crowd(n)} announceIntervalMs={5000} />);
      act(() => vi.advanceTimersByTime(50));
    }
    expect(live.textContent).toBe('2 watching');
    act(() => vi.advanceTimersByTime(5000));
    expect(live.textContent).toBe('50 watching');
  });
});
