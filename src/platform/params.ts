// Ids in URL segments and query strings (the period filter is src/domain/periodFilter.ts).
import type { RequestHandler } from 'express';
import { one } from './validation.js';

/** A positive integer id from a URL segment, or undefined (then the route is not ours / 404). */
export function parseId(value: unknown): number | undefined {
  const s = String(value ?? '');
  if (!/^[1-9]\d{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Passes a request whose `:name` is not an id to the next route before any of this route's
 * handlers run (its access check included): "/bills/12.pdf" is not the bill page "/bills/:id".
 */
export function idParam(name: string): RequestHandler {
  return (req, _res, next) => (parseId(req.params[name]) === undefined ? next('route') : next());
}

/** A page number from the query (`?page=`): 1 for anything that is not a positive integer below 100 000. */
export function pageOf(v: unknown): number {
  const n = parseId(one(v));
  return n && n < 100_000 ? n : 1;
}

/**
 * The ids of a field sent as ids=1&ids=2, ids=1,2 or both, without repeats; [] without the field.
 * undefined when any is not an id or there are more than `max`.
 */
export function parseIds(raw: unknown, max: number): number[] | undefined {
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) =>
    String(v).split(','),
  );
  if (list.length > max) return undefined;
  const ids = list.map(parseId);
  if (ids.some((id) => id === undefined)) return undefined;
  return [...new Set(ids as number[])];
}
