#!/usr/bin/env node
// Type-checks every ```ts / ```tsx block of every README.md in the repo (root, packages/*,
// apps/*, nested ones too) with tsc strict (tsconfig.base.json, the workspace packages
// resolved to their source), so a README cannot show code that does not compile.
//
// Conventions (the root README's "README snippets" says the same):
// - Each block is its own module, compiled in the folder of the package that owns the README
//   (so it sees that package's dependencies, as a user of it would).
// - A block that is a fragment gets a hidden preamble: an HTML comment right before the fence,
//     <!-- snippet-preamble
//     declare const APP_ID: string;
//     -->
//   GitHub does not render it; tsc sees it before the block.
// - A block that is not code (a signature listing) says so in its fence: ```ts no-check.
//   Those are counted and named in the summary; use them sparingly.
//
// Usage: node scripts/check-readme-snippets.mjs [README.md ...]   (default: every README)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SNIPPET_DIR = '.readme-snippets';
const LANGS = new Map([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['tsx', 'tsx'],
]);
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', 'storybook-static', SNIPPET_DIR]);

/** Every README.md under `dir` (hidden folders and build output skipped). */
export function findReadmes(dir = ROOT) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      out.push(...findReadmes(path.join(dir, entry.name)));
    } else if (entry.name === 'README.md') {
      out.push(path.join(dir, entry.name));
    }
  }
  return out.sort();
}

/**
 * The ts/tsx blocks of one markdown text. Each: `{ line, lang, code, preamble, noCheck }`, where
 * `line` is the 1-based line of the opening fence and `preamble` the hidden code before it.
 */
export function extractSnippets(markdown) {
  const lines = markdown.split(/\r?\n/);
  const snippets = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info, rest] = open;
    let end = i + 1;
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !close.test(lines[end])) end++;
    const lang = LANGS.get(info.toLowerCase());
    if (lang) {
      snippets.push({
        line: i + 1,
        lang,
        code: lines
          .slice(i + 1, end)
          .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
          .join('\n'),
        preamble: preambleBefore(lines, i),
        noCheck: /(^|\s)no-check(\s|$)/.test(rest),
      });
    }
    i = end; // skip the block's body, whatever its language
  }
  return snippets;
}

/** The `<!-- snippet-preamble ... -->` comment ending right above line `fenceIndex` (blank lines allowed). */
function preambleBefore(lines, fenceIndex) {
  let j = fenceIndex - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  if (j < 0 || !lines[j].trimEnd().endsWith('-->')) return null;
  let start = j;
  while (start >= 0 && !lines[start].includes('<!--')) start--;
  if (start < 0) return null;
  const text = lines.slice(start, j + 1).join('\n');
  const m = /^\s*<!--\s*snippet-preamble:?([\s\S]*?)-->\s*$/.exec(text);
  return m ? { line: start + 1, code: m[1].trim() } : null;
}

/** The folder of the nearest package.json at or above `file`'s folder (the repo root at worst). */
function ownerOf(file) {
  let dir = path.dirname(file);
  while (dir.startsWith(ROOT) && dir !== ROOT) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return ROOT;
}

/**
 * tsconfig `paths` for every workspace package's entry points, at their source
 * (`@audience-presence/source` condition): a README may show two packages together
 * (the simulator's shows the react provider) although neither depends on the other.
 */
function workspacePaths() {
  const paths = {};
  for (const group of ['packages', 'apps']) {
    const base = path.join(ROOT, group);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      const manifest = path.join(base, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      for (const [key, target] of Object.entries(pkg.exports ?? {})) {
        const source = typeof target === 'object' ? target['@audience-presence/source'] : null;
        if (typeof source !== 'string') continue;
        paths[pkg.name + key.slice(1)] = [path.join(base, name, source)];
      }
    }
  }
  return paths;
}

/** The module one snippet becomes, and how its lines map back to the README. */
export function snippetModule(snippet) {
  const preamble = snippet.preamble ? `${snippet.preamble.code}\n` : '';
  const preambleLines = preamble ? preamble.split('\n').length - 1 : 0;
  return {
    text: `${preamble}${snippet.code}\nexport {};\n`,
    /** README line of a 1-based line of the module */
    readmeLine(moduleLine) {
      if (moduleLine <= preambleLines) return snippet.preamble.line;
      return snippet.line + (moduleLine - preambleLines);
    },
  };
}

/**
 * Checks the snippets of `readmes`. Returns `{ checked, skipped: [{file, line}], errors: [message] }`;
 * every message starts with `README:line`.
 */
export function checkReadmeSnippets(readmes = findReadmes(), { keep = false } = {}) {
  const byOwner = new Map();
  const skipped = [];
  let checked = 0;
  for (const readme of readmes) {
    const rel = path.relative(ROOT, readme);
    for (const snippet of extractSnippets(fs.readFileSync(readme, 'utf8'))) {
      if (snippet.noCheck) {
        skipped.push({ file: rel, line: snippet.line });
        continue;
      }
      checked++;
      const owner = ownerOf(readme);
      if (!byOwner.has(owner)) byOwner.set(owner, []);
      byOwner.get(owner).push({ rel, snippet });
    }
  }

  const errors = [];
  for (const [owner, items] of byOwner) {
    // one folder per run, so a test of this script and a CLI run never share files
    const dir = path.join(owner, SNIPPET_DIR, String(process.pid));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const files = new Map();
    try {
      for (const { rel, snippet } of items) {
        const name = `${rel.replace(/[^\w]+/g, '_')}_L${snippet.line}.${snippet.lang}`;
        const file = path.join(dir, name);
        const mod = snippetModule(snippet);
        fs.writeFileSync(file, mod.text);
        files.set(path.resolve(file), { rel, snippet, mod });
      }
      const config = ts.parseJsonConfigFileContent(
        {
          extends: path.join(ROOT, 'tsconfig.base.json'),
          compilerOptions: { types: ['node'], noEmit: true, paths: workspacePaths() },
          files: [...files.keys()],
        },
        ts.sys,
        dir,
      );
      for (const d of config.errors) errors.push(`${path.relative(ROOT, dir)}: ${flatten(d)}`);
      const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
      for (const d of ts.getPreEmitDiagnostics(program)) {
        if (d.category !== ts.DiagnosticCategory.Error) continue;
        const hit = d.file && files.get(path.resolve(d.file.fileName));
        if (hit && d.start !== undefined) {
          const { line } = d.file.getLineAndCharacterOfPosition(d.start);
          errors.push(
            `${hit.rel}:${hit.mod.readmeLine(line + 1)}: TS${d.code}: ${flatten(d)}` +
              ` (\`\`\`${hit.snippet.lang} block at line ${hit.snippet.line})`,
          );
        } else {
          const where = d.file ? path.relative(ROOT, d.file.fileName) : 'tsc';
          errors.push(
            `${where} (compiled for the README snippets of ${path.relative(ROOT, owner) || '.'}): TS${d.code}: ${flatten(d)}`,
          );
        }
      }
    } finally {
      if (!keep) {
        fs.rmSync(dir, { recursive: true, force: true });
        const parent = path.dirname(dir);
        if (fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
      }
    }
  }
  return { checked, skipped, errors: errors.sort(byFileAndLine) };
}

/** `a.md:12: ...` before `a.md:100: ...` before `b.md:1: ...` */
function byFileAndLine(a, b) {
  const [, fa = a, la = '0'] = /^([^:]*):(\d+):/.exec(a) ?? [];
  const [, fb = b, lb = '0'] = /^([^:]*):(\d+):/.exec(b) ?? [];
  return fa === fb ? Number(la) - Number(lb) : fa < fb ? -1 : 1;
}

function flatten(diagnostic) {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--keep');
  const readmes = args.length > 0 ? args.map((a) => path.resolve(a)) : findReadmes();
  const { checked, skipped, errors } = checkReadmeSnippets(readmes, {
    keep: process.argv.includes('--keep'),
  });
  for (const e of errors) console.error(e);
  const skippedList = skipped.map((s) => `${s.file}:${s.line}`).join(', ');
  console.log(
    `README snippets: ${checked} type-checked in ${readmes.length} READMEs, ` +
      `${skipped.length} marked no-check${skipped.length ? ` (${skippedList})` : ''}, ` +
      `${errors.length} error${errors.length === 1 ? '' : 's'}`,
  );
  process.exit(errors.length > 0 ? 1 : 0);
}
