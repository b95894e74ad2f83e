/** Given names of the fake members (accents included, so searches must fold them). */
export const FIRST_NAMES: readonly string[] = [
  'Ana',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Eun-ji',
  'Farah',
  'Gustavo',
  'Hana',
  'Ibrahim',
  'Jonas',
  'Kenji',
  'Lucía',
  'Mateo',
  'Nia',
  'Olga',
  'Priya',
];

/** Family names of the fake members. */
export const LAST_NAMES: readonly string[] = [
  'Silva',
  'Okafor',
  'Müller',
  'Kim',
  'Haddad',
  'Rossi',
  'Nguyen',
  'Kowalski',
  'Sato',
  'García',
  'Ivanova',
  'Mensah',
];

// steps coprime to the list lengths: neighbours differ and every name comes round
const pick = (names: readonly string[], n: number, step: number): string =>
  names[(n * step) % names.length] ?? '';

/** Given name of fake member number `n` (deterministic; the 16 names cycle). */
export function fakeFirstName(n: number): string {
  return pick(FIRST_NAMES, n, 7);
}

/** "Given Family" name of fake member number `n` (deterministic; repeats every 48). */
export function fakeName(n: number): string {
  return `${fakeFirstName(n)} ${pick(LAST_NAMES, n, 5)}`;
}
