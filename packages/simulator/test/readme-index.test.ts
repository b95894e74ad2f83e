/**
 * The README's §1b index names conformance tests by the start of their names:
 * each name it quotes must still start a test (or describe) in the file it names.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('README §1b index: every quoted test name starts a test in the named file', () => {
  const start = readme.indexOf('### agora-behaviour §1b index');
  expect(start).toBeGreaterThan(0);
  const rows = readme
    .slice(start)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| §1b line') && !l.startsWith('| ---'));
  expect(rows.length).toBeGreaterThanOrEqual(15);
  let checked = 0;
  for (const row of rows) {
    const testColumn = row.split('|').at(-2) ?? '';
    for (const part of testColumn.split(';')) {
      const file = /^\s*([\w-]+):/.exec(part)?.[1];
      if (!file) continue;
      // unescaped, as the names read: `"§1b \\"..."` in the source is §1b "..."
      const source = readFileSync(
        new URL(`./${file}.conformance.test.ts`, import.meta.url),
        'utf8',
      ).replace(/\\(["'])/g, '$1');
      for (const [, name] of part.matchAll(/`([^`]+)`/g)) {
        // a name opens with one of JS's three quotes; describe names carry the `agora-notes ` prefix
        const opens = ["'", '"', '`'].some(
          (q) => source.includes(`${q}${name}`) || source.includes(`${q}agora-notes ${name}`),
        );
        expect(opens, `${file}: no test named "${name}..."`).toBe(true);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(20);
});
