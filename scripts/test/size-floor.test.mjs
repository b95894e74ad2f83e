// `pnpm size:floor` (scripts/size-floor.mjs) weighs a size-limit row without parts of
// the feature set. Its figures are only worth quoting if the stand-ins still fit the
// modules they replace (esbuild refuses a missing export) and prose stripping empties
// messages, nothing else.
import { describe, expect, it } from 'vitest';
import rows from '../../.size-limit.js';
import { measure, STAND_INS, withoutProse } from '../size-floor.mjs';

describe('size-floor', () => {
  it('empties prose but keeps codes, quoted keys, module specifiers and types', () => {
    const source = [
      "import { x } from './some module';",
      "type Kind = 'a b' | 'c';",
      "const MESSAGES = { 'RTM_KICKED': 'You were removed.', OTHER: `Took ${n} too long.` };",
      "throw new PresenceError('RTM_LOGIN_TIMEOUT', { message: 'Could not log in.' });",
      'const key = `${appId}\\u0000${userId}`;',
    ].join('\n');
    const out = withoutProse(source, 'x.ts');
    expect(out).toContain("'./some module'");
    expect(out).toContain("'a b'");
    expect(out).toContain("'RTM_KICKED'");
    expect(out).toContain("'RTM_LOGIN_TIMEOUT'");
    expect(out).toContain('${appId}');
    expect(out).not.toContain('You were removed.');
    expect(out).not.toContain('too long');
    expect(out).not.toContain('Could not log in.');
  });

  it('bundles the hooks row with every stand-in, and each cut makes it smaller', async () => {
    const hooks = rows[0];
    const whole = await measure(hooks);
    const noProse = await measure(hooks, { noProse: true });
    expect(noProse.gzip).toBeLessThan(whole.gzip);
    for (const name of Object.keys(STAND_INS)) {
      const without = await measure(hooks, { standIns: [name] });
      expect(without.min, name).toBeLessThan(whole.min);
    }
    const floor = await measure(hooks, { standIns: Object.keys(STAND_INS), noProse: true });
    expect(floor.gzip).toBeLessThan(noProse.gzip);
  }, 60_000);

  it('refuses a module it has no stand-in for', async () => {
    await expect(measure(rows[0], { standIns: ['store.ts'] })).rejects.toThrow(/no stand-in/);
  });
});
