// Links from the docs into the repository must resolve: a README that ships in a
// tarball links files that do not ship by their GitHub URL, and those must exist
// here, with the heading an anchor names.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findReadmes } from '../check-readme-snippets.mjs';
import { publishedPackages } from './published-packages.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPO =
  /https:\/\/(?:github\.com\/audience-presence\/audience-presence\/(?:blob|tree)|raw\.githubusercontent\.com\/audience-presence\/audience-presence)\/main\/([^)\s#>"]+)(?:#([\w-]+))?/g;

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

it('a README that ships in a tarball links and shows nothing by a relative path', () => {
  // npm shows the README away from the repository: `../../docs/x.png` is a broken
  // image there. Files of the repository are named by their GitHub URL (checked above).
  const relative = [];
  const readmes = publishedPackages().map(({ dir }) => path.join(dir, 'README.md'));
  for (const file of readmes) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [
      ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]),
      ...[...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const target of targets) {
      if (!/^(?:https?:|mailto:|#)/.test(target)) {
        relative.push(`${path.relative(ROOT, file)} -> ${target}`);
      }
    }
  }
  expect(readmes.length).toBeGreaterThanOrEqual(4);
  expect(relative).toEqual([]);
});

// every README, docs/ markdown file, CHANGELOG, and non-test file under each package src folder
function docsAndSources() {
  const files = [...findReadmes(ROOT)];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        /\.(?:md|ts|tsx|css)$/.test(entry.name) &&
        !/\.test(?:-d)?\.tsx?$/.test(entry.name)
      ) {
        files.push(full);
      }
    }
  };
  walk(path.join(ROOT, 'docs'));
  for (const name of fs.readdirSync(path.join(ROOT, 'packages'))) {
    const src = path.join(ROOT, 'packages', name, 'src');
    if (fs.existsSync(src)) walk(src);
    const changelog = path.join(ROOT, 'packages', name, 'CHANGELOG.md');
    if (fs.existsSync(changelog)) files.push(changelog);
  }
  return files;
}

/** `file:line: text` of each line of `files` that matches `pattern` */
function linesMatching(files, pattern) {
  const found = [];
  for (const file of files) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, at) => {
        if (pattern.test(line)) {
          found.push(`${path.relative(ROOT, file)}:${at + 1}: ${line.trim().slice(0, 120)}`);
        }
      });
  }
  return found;
}

it('no README, doc or shipped source names a path of this machine', () => {
  const files = docsAndSources();
  expect(files.length).toBeGreaterThan(100);
  expect(linesMatching(files, /(?:^|[^\w.~-])\/(?:work|tmp|root|home)\/\w/)).toEqual([]);
});

it('shipped source cites the notes as docs/agora-behaviour.md, the file the repository has', () => {
  // they were agora-notes.md outside the repository before; d.ts comments ship
  const sources = docsAndSources().filter((file) => /\/packages\/[^/]+\/src\//.test(file));
  expect(linesMatching(sources, /agora-notes/)).toEqual([]);
});
