import { describe, expect, it } from 'vitest';
import { Deadlines, withDeadline, type Timers } from '../src/deadline';
import { PresenceError } from '../src/errors';

function fakeTimers() {
  const live = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout(fn) {
      live.set(next, fn);
      return next++;
    },
    clearTimeout(handle) {
      live.delete(handle as number);
    },
  };
  const fireAll = () => [...live.values()].forEach((fn) => fn());
  return { timers, live, fireAll };
}

describe('Deadlines', () => {
  it('resolves with the value and clears its timer', async () => {
    const { timers, live } = fakeTimers();
    const d = new Deadlines(timers);
    await expect(
      d.run(() => Promise.resolve(7), 100, 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED'),
    ).resolves.toBe(7);
    expect(live.size).toBe(0);
  });

  it('wraps a rejection in the fail code with the SDK error as cause', async () => {
    const { timers, live } = fakeTimers();
    const sdkError = new Error('-10005');
    const d = new Deadlines(timers);
    const error = await d
      .run(() => Promise.reject(sdkError), 100, 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'PresenceError',
      code: 'RTM_LOGIN_FAILED',
      cause: sdkError,
    });
    expect(live.size).toBe(0);
  });

  it('a synchronous throw is a rejection too', async () => {
    const { timers } = fakeTimers();
    const d = new Deadlines(timers);
    await expect(
      d.run(
        () => {
          throw new Error('sync');
        },
        100,
        'RTM_LOGIN_TIMEOUT',
        'RTM_LOGIN_FAILED',
      ),
    ).rejects.toMatchObject({ code: 'RTM_LOGIN_FAILED' });
  });

  it('times out a never-settling promise, and a late settlement is ignored', async () => {
    const { timers, fireAll } = fakeTimers();
    let settle: (v: number) => void = () => {};
    const d = new Deadlines(timers);
    const p = d.run(
      () => new Promise<number>((r) => (settle = r)),
      100,
      'RTM_LOGIN_TIMEOUT',
      'RTM_LOGIN_FAILED',
    );
    fireAll();
    settle(1);
    await expect(p).rejects.toMatchObject({ code: 'RTM_LOGIN_TIMEOUT' });
  });

  it('abortAll rejects everything pending and clears the timers', async () => {
    const { timers, live } = fakeTimers();
    const d = new Deadlines(timers);
    const a = d.run(() => new Promise(() => {}), 100, 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED');
    const b = d.run(
      () => new Promise(() => {}),
      100,
      'RTM_SUBSCRIBE_TIMEOUT',
      'RTM_SUBSCRIBE_FAILED',
    );
    d.abortAll('unbound');
    await expect(a).rejects.toMatchObject({ code: 'RTM_LOGIN_FAILED', message: 'unbound' });
    await expect(b).rejects.toMatchObject({ code: 'RTM_SUBSCRIBE_FAILED', message: 'unbound' });
    expect(live.size).toBe(0);
  });

  it('an await started after abortAll is not aborted', async () => {
    const { timers } = fakeTimers();
    const d = new Deadlines(timers);
    d.abortAll('unbound');
    await expect(
      d.run(() => Promise.resolve(3), 100, 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED'),
    ).resolves.toBe(3);
  });
});

describe('withDeadline', () => {
  it('resolves with the value and clears its timer', async () => {
    const { timers, live } = fakeTimers();
    await expect(
      withDeadline(() => 7, 100, timers, 'RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED'),
    ).resolves.toBe(7);
    expect(live.size).toBe(0);
  });

  it('passes a PresenceError through unchanged', async () => {
    const { timers } = fakeTimers();
    const own = new PresenceError('TOKEN_INVALID');
    const error = await withDeadline(
      () => Promise.reject(own),
      100,
      timers,
      'RTC_JOIN_TIMEOUT',
      'RTC_JOIN_FAILED',
    ).catch((e: unknown) => e);
    expect(error).toBe(own);
  });

  it('uses the timeout message when it times out', async () => {
    const { timers, fireAll } = fakeTimers();
    const p = withDeadline(
      () => new Promise(() => {}),
      100,
      timers,
      'RTM_SET_STATE_FAILED',
      'RTM_SET_STATE_FAILED',
      { timeoutMessage: 'too long' },
    );
    fireAll();
    await expect(p).rejects.toMatchObject({ code: 'RTM_SET_STATE_FAILED', message: 'too long' });
  });

  it('an abort rejects with the fail code, clears the timer and ignores a late value', async () => {
    const { timers, live } = fakeTimers();
    const controller = new AbortController();
    let settle: (v: number) => void = () => {};
    const p = withDeadline(
      () => new Promise<number>((r) => (settle = r)),
      100,
      timers,
      'RTC_JOIN_TIMEOUT',
      'RTC_JOIN_FAILED',
      { signal: controller.signal },
    );
    controller.abort('gone');
    settle(1);
    await expect(p).rejects.toMatchObject({ code: 'RTC_JOIN_FAILED', message: 'gone' });
    expect(live.size).toBe(0);
  });

  it('an already aborted signal rejects without calling work', async () => {
    const { timers, live } = fakeTimers();
    const reason = new Error('stop');
    let called = false;
    const p = withDeadline(
      () => {
        called = true;
        return 1;
      },
      100,
      timers,
      'RTC_JOIN_TIMEOUT',
      'RTC_JOIN_FAILED',
      { signal: AbortSignal.abort(reason) },
    );
    await expect(p).rejects.toMatchObject({ code: 'RTC_JOIN_FAILED', cause: reason });
    expect(called).toBe(false);
    expect(live.size).toBe(0);
  });
});
