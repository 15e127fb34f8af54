// Ids in URL segments and query strings (the period filter is src/domain/periodFilter.ts).

/** A positive integer id from a URL segment, or undefined (then the route is not ours / 404). */
export function parseId(value: unknown): number | undefined {
  const s = String(value ?? '');
  if (!/^[1-9]\d{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
