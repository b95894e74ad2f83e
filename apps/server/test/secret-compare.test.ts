import { describe, expect, it } from 'vitest';
import { bearerToken, secretEquals } from '../src/secret-compare';

describe('secretEquals', () => {
  it('is true only for the same secret, whatever the lengths', () => {
    expect(secretEquals('read-token', 'read-token')).toBe(true);
    for (const other of ['read-toke', 'read-tokenX', '', 'READ-TOKEN', 'x'.repeat(10_000)]) {
      expect(secretEquals(other, 'read-token')).toBe(false);
    }
  });
});

describe('bearerToken', () => {
  it('reads the credentials with any case of the scheme (RFC 9110 §11.1)', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect(bearerToken(`${scheme} abc.def`)).toBe('abc.def');
    }
    expect(bearerToken('Bearer   abc  ')).toBe('abc');
    for (const bad of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic abc',
      'Bearerabc',
      'Bearer a b',
    ]) {
      expect(bearerToken(bad)).toBeUndefined();
    }
  });
});
