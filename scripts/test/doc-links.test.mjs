// Links from the docs into the repository must resolve: a README that ships in a
// tarball links files that do not ship by their GitHub URL, and those must exist
// here, with the heading an anchor names.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findReadmes } from '../check-readme-snippets.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPO =
  /https:\/\/github\.com\/audience-presence\/audience-presence\/(?:blob|tree)\/main\/([^)\s#>]+)(?:#([\w-]+))?/g;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

it('computes anchors the way GitHub does', () => {
  const a = anchorsOf(
    "## 1b. Checked against agora-rtm-sdk 2.3.0's own JavaScript\n### Client\n### Client\n",
  );
  expect([...a]).toEqual([
    '1b-checked-against-agora-rtm-sdk-230s-own-javascript',
    'client',
    'client-1',
  ]);
});

it('every repository URL in a README or docs/*.md names a file that exists, and an anchor that exists', () => {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  const files = [...findReadmes(ROOT), ...docs.map((f) => path.join(ROOT, 'docs', f))];
  const broken = [];
  let links = 0;
  for (const file of files) {
    for (const [, target, anchor] of fs.readFileSync(file, 'utf8').matchAll(REPO)) {
      links++;
      const where = `${path.relative(ROOT, file)} -> ${target}${anchor ? `#${anchor}` : ''}`;
      const full = path.join(ROOT, target);
      if (!fs.existsSync(full)) broken.push(`${where}: no such file`);
      else if (anchor && !anchorsOf(fs.readFileSync(full, 'utf8')).has(anchor)) {
        broken.push(`${where}: no such heading`);
      }
    }
  }
  expect(broken).toEqual([]);
  expect(links).toBeGreaterThan(20);
});
