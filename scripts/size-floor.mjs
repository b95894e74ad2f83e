#!/usr/bin/env node
// What a size-limit row would weigh WITHOUT parts of today's feature set:
// `pnpm size:floor [row number or name part]` (default: the hooks row).
//
// An experiment, not a build: it bundles the row from source as `pnpm size:why`
// does, then again with (a) every prose string (a string or template literal with a
// space in it: error messages, validation texts) emptied, (b) one optional part at a
// time replaced by a do-nothing stand-in with the same exports, and (c) all of it at
// once. The stand-ins below are NOT working code; the figures say how far cutting a
// feature would move the row, so a size target can be weighed against the features.
// (Issue 13's 10 kB hooks target: even (c) stays above it.)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import rows from '../.size-limit.js';
import { gzip, kb, rowSettings } from './size-row.mjs';

/** core module (under packages/core/src) -> a stand-in with the same exports */
export const STAND_INS = {
  'sources/rtm/rtm-pacer.ts': {
    what: 'RTM rate-limit pacer (-10021 retry)',
    code: `export const RTM_CALLS_PER_WINDOW = 20; export const RTM_RATE_WINDOW_MS = 1050;
      export const RTM_RATE_LIMITED = -10021; export function rtmErrorCode(e) { return e?.code ?? null; }
      export class RtmPacer { run(_op, work) { return Promise.resolve().then(work); } close() {} }`,
  },
  'sources/rtm/resync.ts': {
    what: 'whoNow resync, paging, degraded lists, backoff',
    code: `export class PresenceResync { outOfService = false; record() {} applyPartial() {}
      noteUnavailable() { return false; } auto() {} resync() { return Promise.resolve(); } close() {} }`,
  },
  'sources/rtm/degraded.ts': {
    what: 'degraded-mode detection',
    code: `export const DEGRADED_PAGE = 200; export function looksDegraded() { return false; }
      export function partialListActions() { return []; }`,
  },
  'sources/rtm/self-state.ts': {
    what: "the local user's RTM state (role, rtcUid, app state)",
    code: `export class SelfState { written = false; owed = false;
      constructor(_ctx, o) { this.role = o.role; this.rtcUid = o.rtcUid; this.appState = o.state; }
      forget() {} write() { return Promise.resolve(); } }`,
  },
  'session/rtc-adopt.ts': {
    what: 'adopting an RTC client the app already joined',
    code: `export function adoptableJoin() { return null; }`,
  },
  'activity-log.ts': {
    what: 'the activity log (join/leave/role feed)',
    code: `export class ActivityLog { constructor(limit) { this.limit = limit; } get size() { return 0; }
      push() {} toArray() { return []; } static copyOf(log) { return log; } }`,
  },
};

const CORE_SRC = /packages\/core\/src\/(.+\.ts)$/;
const OWN_SRC = /packages\/(?:core|react)\/src\/.+\.tsx?$/;

/** the row's min and min+gzip bytes with `standIns` (module paths) replaced and, if `noProse`, prose emptied */
export async function measure(row, { standIns = [], noProse = false } = {}) {
  const wanted = new Set(standIns);
  for (const name of wanted) if (!(name in STAND_INS)) throw new Error(`no stand-in for ${name}`);
  const settings = rowSettings(row);
  const plugin = {
    name: 'size-floor',
    setup(b) {
      b.onLoad({ filter: OWN_SRC }, (args) => {
        const core = CORE_SRC.exec(args.path)?.[1];
        if (core !== undefined && wanted.has(core)) {
          return { contents: STAND_INS[core].code, loader: 'ts' };
        }
        const loader = args.path.endsWith('.tsx') ? 'tsx' : 'ts';
        const text = readFileSync(args.path, 'utf8');
        return { contents: noProse ? withoutProse(text, args.path) : text, loader };
      });
    },
  };
  const result = await build({ ...settings, metafile: false, plugins: [plugin] });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.byteLength, gzip: gzip(code) };
}

/** `source` with every string / template literal that has a space in it (outside types and module specifiers) emptied */
export function withoutProse(source, fileName) {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const prose = (node) =>
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
    node.text.includes(' ');
  const templateProse = (node) =>
    ts.isTemplateExpression(node) &&
    [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].some((t) => t.includes(' '));
  const transform = (context) => {
    const visit = (node) => {
      if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
        return node;
      }
      if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name)) {
        // a quoted key is a name, not prose: keep it, look into the value
        return context.factory.updatePropertyAssignment(
          node,
          node.name,
          ts.visitNode(node.initializer, visit),
        );
      }
      if (prose(node) || templateProse(node)) return context.factory.createStringLiteral('');
      return ts.visitEachChild(node, visit, context);
    };
    return (root) => ts.visitNode(root, visit);
  };
  const out = ts.transform(file, [transform]);
  const text = ts.createPrinter().printFile(out.transformed[0]);
  out.dispose();
  return text;
}

async function main() {
  const arg = process.argv[2] ?? '1';
  const row = rows.find((r, i) => String(i + 1) === arg || r.name.includes(arg));
  if (row === undefined) {
    console.error(
      `no size-limit row matches "${arg}"; rows: ${rows.map((r) => r.name).join(' | ')}`,
    );
    process.exit(1);
  }
  const all = Object.keys(STAND_INS);
  const whole = await measure(row);
  const line = (label, m) =>
    console.log(
      `  ${kb(m.gzip).padStart(9)}  ${`-${kb(whole.gzip - m.gzip)}`.padStart(10)}  ${label}`,
    );
  console.log(`\n${row.name} (limit ${row.limit}), min+gzip, from source`);
  console.log(`  ${kb(whole.gzip).padStart(9)}  ${''.padStart(10)}  as shipped`);
  line('without prose (error messages, validation texts)', await measure(row, { noProse: true }));
  for (const name of all) {
    line(`without ${STAND_INS[name].what}`, await measure(row, { standIns: [name] }));
  }
  line('without all of the above', await measure(row, { standIns: all, noProse: true }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
