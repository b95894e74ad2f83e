/** The README's webhook example, run as written: its body, signed, parses to the notice it shows. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { constructNcsEvent, signNcsBody } from '../src/index';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function jsonBlocksOf(section: string): unknown[] {
  const start = readme.indexOf(`## ${section}\n`);
  expect(start, `README section "${section}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end === -1 ? undefined : end);
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as unknown);
}

it('README "What a delivery looks like": the 105 body, signed as NCS does, parses to the notice shown', () => {
  const [body, notice] = jsonBlocksOf('What a delivery looks like');
  expect(body).toBeDefined();
  const raw = JSON.stringify(body);
  // the header casing the README uses
  const headers = { 'Agora-Signature-V2': signNcsBody(raw, 'ncs-secret') };
  expect(constructNcsEvent(raw, headers, { secrets: 'ncs-secret' })).toEqual(notice);
});
