// The four published packages' manifests (not only core's: one place for all
// four). What npm shows about a package, and that it installs nothing it does
// not use.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
const published = ['core', 'react', 'simulator', 'ncs'] as const;
const REPOSITORY = 'git+https://github.com/audience-presence/audience-presence.git';

interface Manifest {
  name: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  files?: string[];
  dependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as Manifest;

/** Every non-test source file of a package. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.(test|test-d|stories)\.tsx?$/.test(name)) out.push(path);
    }
  };
  walk(join(packagesDir, dir, 'src'));
  return out;
}

describe.each(published)('published manifest of %s', (dir) => {
  const pkg = manifest(dir);

  it('names its repository folder, homepage, issue tracker and keywords', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: REPOSITORY, directory: `packages/${dir}` });
    expect(pkg.homepage).toBe(
      `https://github.com/audience-presence/audience-presence/tree/main/packages/${dir}#readme`,
    );
    expect(pkg.bugs?.url).toBe('https://github.com/audience-presence/audience-presence/issues');
    expect(pkg.keywords?.length).toBeGreaterThanOrEqual(3);
    expect(pkg.keywords).toContain('agora');
  });

  it('ships a CHANGELOG.md', () => {
    expect(existsSync(join(packagesDir, dir, 'CHANGELOG.md'))).toBe(true);
    expect(pkg.files).toContain('CHANGELOG.md');
  });

  it('imports every runtime dependency it declares', () => {
    const code = sources(dir).map((file) => readFileSync(file, 'utf8'));
    const unused = Object.keys(pkg.dependencies ?? {}).filter(
      (dep) =>
        !code.some((text) => text.includes(`from '${dep}'`) || text.includes(`from '${dep}/`)),
    );
    expect(unused).toEqual([]);
  });
});
