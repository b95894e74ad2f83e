// Checks a Vite manifest: the SDKs are bundled, but only in lazy (dynamically
// imported) chunks, never in the entry chunk or anything it imports statically.
// Usage: node manifest-check.mjs <dist>
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: manifest-check.mjs <dist>');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const sdk = /node_modules\/(agora-rtm-sdk|agora-rtc-react|agora-rtc-sdk-ng)\//;
const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
const problems = [];
const eager = new Set();
const visit = (key) => {
  if (eager.has(key)) return;
  eager.add(key);
  for (const k of manifest[key]?.imports ?? []) visit(k);
};
for (const [key] of entries) visit(key);
for (const key of eager)
  if (sdk.test(key) || sdk.test(manifest[key]?.src ?? ''))
    problems.push(`SDK in the entry's static graph: ${key}`);
const lazySdk = Object.keys(manifest).filter((k) => sdk.test(k) && !eager.has(k));
for (const name of ['agora-rtm-sdk', 'agora-rtc-react'])
  if (!lazySdk.some((k) => k.includes(`node_modules/${name}/`)))
    problems.push(`no lazy chunk for ${name}`);
const kb = (file) => Math.round(statSync(join(dist, file)).size / 1024);
const entryKb = [...eager].reduce((sum, k) => sum + kb(manifest[k].file), 0);
const lazyKb = lazySdk.reduce((sum, k) => sum + kb(manifest[k].file), 0);
console.log(
  `Vite build: entry + static imports ${entryKb} KB (${eager.size} chunks); SDKs in ${lazySdk.length} lazy chunks, ${lazyKb} KB`,
);
for (const p of problems) console.log(`  ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
