/**
 * Request headers as either a fetch `Headers` (or anything with `get`) or a
 * plain record such as node:http's `IncomingHttpHeaders` (lower-case keys).
 */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads one header; repeated headers give their first value. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[
    name.toLowerCase()
  ];
  return typeof value === 'string' ? value : value?.[0];
}
