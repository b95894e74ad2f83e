const FIRST = [
  'Ana',
  'Bo',
  'Cy',
  'Dee',
  'Eli',
  'Farah',
  'Gus',
  'Hana',
  'Ibrahim',
  'Jonas',
  'Kenji',
  'Lucía',
  'Mateo',
  'Nia',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Vik',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoé',
  'Chloé',
  'Dmitri',
  'Eun-ji',
  'Gustavo',
];
const LAST = [
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
  'Novak',
  'Ito',
  'Dubois',
  'Mensah',
  'Larsen',
  'Costa',
];

/**
 * Deterministic, varied display names for simulated viewers: "Ana", "Bo", ...
 * first, then "Ana Silva"-style pairs, then numbered ones, so names in a
 * 10,000-viewer channel stay distinct enough to search.
 */
export function viewerName(index: number): string {
  if (index < FIRST.length) return FIRST[index] as string;
  const i = index - FIRST.length;
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const round = Math.floor(i / (FIRST.length * LAST.length));
  return round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
}
