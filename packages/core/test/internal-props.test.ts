/**
 * The names the build shortens (internal-props.json, tsup.config.ts) must stay internal: shortened
 * in core's bundle only, a name that a user, the React package or an Agora SDK
 * object also uses would break at run time, in the build only (tests run the source).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.resolve(CORE, file), 'utf8');
const INTERNAL_PROPS = (JSON.parse(read('internal-props.json')) as { names: string[] }).names;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.(test|stories)\./.test(file))
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

const word = (name: string) => new RegExp(`\\b${name}\\b`);

describe('internal property names shortened by the build', () => {
  it('are each still used by core (the list is not stale)', () => {
    const core = sources(path.join(CORE, 'src')).join('\n');
    for (const name of INTERNAL_PROPS) expect(word(name).test(core), name).toBe(true);
  });

  it('are in no public type of core (its API report)', () => {
    const api = read('api/core.api.md');
    for (const name of INTERNAL_PROPS) expect(word(name).test(api), name).toBe(false);
  });

  it('are no Agora SDK property core reads (agora-types.ts)', () => {
    const sdk = read('src/agora-types.ts');
    for (const name of INTERNAL_PROPS) expect(word(name).test(sdk), name).toBe(false);
  });

  it('are not read by the React package', () => {
    const react = sources(path.resolve(CORE, '../react/src')).join('\n');
    for (const name of INTERNAL_PROPS) expect(word(name).test(react), name).toBe(false);
  });

  it('are plain identifiers, each listed once', () => {
    for (const name of INTERNAL_PROPS) expect(name).toMatch(/^[A-Za-z_$][\w$]*$/);
    expect(new Set(INTERNAL_PROPS).size).toBe(INTERNAL_PROPS.length);
  });
});
