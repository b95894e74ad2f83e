// The workspace packages that are published to npm (every packages/* folder whose
// manifest is not `private`), for the tests that check what a published package ships.
import fs from 'node:fs';
import path from 'node:path';

const PACKAGES = path.resolve(import.meta.dirname, '../../packages');

/** `{ dir, manifest }` of each published package, in folder order */
export function publishedPackages() {
  return fs
    .readdirSync(PACKAGES)
    .map((folder) => path.join(PACKAGES, folder))
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => manifest.private !== true);
}
