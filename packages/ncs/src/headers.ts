/**
 * Request headers as either a fetch `Headers` (or anything with `get`) or a
 * plain record: node:http's `IncomingHttpHeaders` (lower-case keys) or one
 * written by hand, in any casing (`{ 'Agora-Signature-V2': sig }`).
 */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads one header, by case-insensitive name; repeated headers give their first value. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as HeaderRecord;
  const lower = name.toLowerCase();
  // node:http lower-cases every key, so this hit is the common (and hot) path.
  let value = record[lower];
  if (value === undefined) {
    // HTTP header names are case-insensitive (RFC 9110 §5.1); a hand-written record may use any casing.
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        value = record[key];
        if (value !== undefined) break;
      }
    }
  }
  return typeof value === 'string' ? value : value?.[0];
}
