import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CANARY_SECRETS } from './helpers/global-setup';
import { runVite } from './helpers/serve';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** No secret may ever reach the bundle (App Certificate, NCS secret). */
describe('the demo bundle holds no secret', () => {
  it('contains none of the server-side secrets present when it was built', () => {
    const files = filesUnder(inject('demoDist'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const secret of Object.values(CANARY_SECRETS)) {
        expect(text.includes(secret), `${file} contains a secret`).toBe(false);
      }
    }
  });

  it('refuses to build when a VITE_ variable looks like a secret', async () => {
    await expect(
      runVite(['build', '--outDir', join(inject('demoDist'), '..', 'demo-dist-refused')], {
        VITE_AGORA_APP_CERTIFICATE: 'would-be-public',
      }),
    ).rejects.toThrow(/Refusing to build the demo.*VITE_AGORA_APP_CERTIFICATE/s);
  });
});
