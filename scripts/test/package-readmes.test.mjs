// What a newcomer reads first on npm: each published package's README says how to
// install it, and the simulator's shows how to plug it into the React provider (that
// block is then type-checked by `check:readme` like every other).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../check-readme-snippets.mjs';
import { publishedPackages } from './published-packages.mjs';

const PACKAGES = path.resolve(import.meta.dirname, '../../packages');
const published = publishedPackages();

/** the shell blocks of a markdown text */
const shellBlocks = (markdown) =>
  [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');

describe('published package READMEs', () => {
  it('are four: core, react, simulator, ncs', () => {
    expect(published.map(({ manifest }) => manifest.name).sort()).toEqual([
      '@audience-presence/core',
      '@audience-presence/ncs',
      '@audience-presence/react',
      '@audience-presence/simulator',
    ]);
  });

  it.each(published.map(({ dir, manifest }) => [manifest.name, dir]))(
    '%s: an install line in a shell block, near the top',
    (name, dir) => {
      const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
      const install = new RegExp(`^npm (?:i|install)(?: -D)? (?:\\S+ )*${name}(?:\\s|$)`, 'm');
      const block = shellBlocks(readme).find((code) => install.test(code));
      expect(block, `${name}'s README has no "npm install ${name}" in a sh block`).toBeDefined();
      // before the second heading: the first screen, not an appendix
      const headings = [...readme.matchAll(/^## /gm)].map((m) => m.index ?? 0);
      expect(readme.indexOf(block ?? '')).toBeLessThan(headings[1] ?? readme.length);
    },
  );

  it('the simulator README plugs the simulated clients into AudiencePresenceProvider', () => {
    const readme = fs.readFileSync(path.join(PACKAGES, 'simulator/README.md'), 'utf8');
    const block = extractSnippets(readme).find(
      ({ lang, code, noCheck }) =>
        lang === 'tsx' &&
        !noCheck &&
        /import \{[^}]*\bAudiencePresenceProvider\b[^}]*\} from '@audience-presence\/react'/.test(
          code,
        ) &&
        /from '@audience-presence\/simulator'/.test(code) &&
        /<AudiencePresenceProvider[\s\S]*rtmClient=\{/.test(code),
    );
    expect(
      block,
      'no type-checked tsx block passes simulated clients to the provider',
    ).toBeDefined();
  });
});
