import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkReadmeSnippets,
  extractSnippets,
  findReadmes,
  snippetModule,
} from '../check-readme-snippets.mjs';

const md = [
  '# Title', // 1
  '', // 2
  '```ts', // 3
  'const a: number = 1;', // 4
  '```', // 5
  '', // 6
  '<!-- snippet-preamble', // 7
  'declare const APP_ID: string;', // 8
  '-->', // 9
  '', // 10
  '```tsx', // 11
  'const id: string = APP_ID;', // 12
  'const bad: number = id;', // 13
  '```', // 14
  '', // 15
  '```ts no-check', // 16
  'fn(a?, b?): Result', // 17
  '```', // 18
  '', // 19
  '````md', // 20
  '```ts', // 21
  'not a block of this README, only text inside a four-backtick fence', // 22
  '```', // 23
  '````', // 24
  '```sh', // 25
  'echo skipped', // 26
  '```', // 27
  '<!-- snippet-preamble: declare const one: 1; -->', // 28
  '~~~typescript', // 29
  'const two: 1 = one;', // 30
  '~~~', // 31
].join('\n');

describe('extractSnippets', () => {
  it('finds ts/tsx/typescript blocks with their fence line, preamble and no-check flag', () => {
    const found = extractSnippets(md);
    expect(found.map((s) => [s.line, s.lang, s.noCheck])).toEqual([
      [3, 'ts', false],
      [11, 'tsx', false],
      [16, 'ts', true],
      [29, 'ts', false],
    ]);
    expect(found[0]?.preamble).toBeNull();
    expect(found[1]?.preamble).toEqual({ line: 7, code: 'declare const APP_ID: string;' });
    expect(found[1]?.code).toBe('const id: string = APP_ID;\nconst bad: number = id;');
    expect(found[3]?.preamble?.code.trim()).toBe('declare const one: 1;');
  });

  it('maps module lines back to README lines, preamble lines to the comment', () => {
    const [, withPreamble] = extractSnippets(md);
    const mod = snippetModule(withPreamble);
    expect(mod.text.split('\n')[0]).toBe('declare const APP_ID: string;');
    expect(mod.readmeLine(1)).toBe(7); // preamble
    expect(mod.readmeLine(2)).toBe(12); // first line of the block
    expect(mod.readmeLine(3)).toBe(13);
  });
});

describe('checkReadmeSnippets', () => {
  // a real tsc run: about 1 s alone, much more on a loaded machine
  it(
    'names README and line of a snippet that does not compile, and counts no-check blocks',
    { timeout: 60_000 },
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-check-'));
      const readme = path.join(dir, 'README.md');
      fs.writeFileSync(readme, md);
      try {
        const { checked, skipped, errors } = checkReadmeSnippets([readme]);
        expect(checked).toBe(3);
        expect(skipped).toHaveLength(1);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(
          /README\.md:13: TS2322: Type 'string' is not assignable to type 'number'/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('finds every README of the workspace, nested ones included', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const all = findReadmes(root).map((f) => path.relative(root, f));
    expect(all).toEqual(
      expect.arrayContaining([
        'README.md',
        'packages/react/README.md',
        'packages/react/src/audience-list/README.md',
        'apps/server/README.md',
      ]),
    );
    expect(all.some((f) => f.includes('node_modules'))).toBe(false);
  });
});
