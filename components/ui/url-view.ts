// A table's view state (filter, sort, toggles) kept in the URL, so a view can be
// bookmarked or put on a wall display. One rule for every table page: each field reads
// its own parameter and falls back on its own default (one bad parameter doesn't reset
// the rest); only what differs from the defaults is written, so the plain page keeps a
// plain URL; sort and dir are written together; toggles are 1 or 0.
import { z } from 'zod';

export type UrlViewValue = string | boolean;

/** A boolean URL parameter: "1" or "0"; anything else is `fallback`. */
export const urlFlag = (fallback = false) =>
  z
    .enum(['1', '0'])
    .transform((v) => v === '1')
    .catch(fallback);

/** Reads one parameter per field of `schema` (which supplies each field's fallback). */
export function parseUrlView<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.infer<S> {
  return schema.parse(Object.fromEntries(Object.keys(schema.shape).map((key) => [key, params.get(key) ?? undefined])));
}

/** "?…" with what differs from `defaults`, in the defaults' key order; "" for the default view. */
export function serializeUrlView<V extends { [K in keyof V]: UrlViewValue }>(view: V, defaults: V): string {
  const params = new URLSearchParams();
  const sortChanged = 'sort' in defaults && (view['sort' as keyof V] !== defaults['sort' as keyof V] || view['dir' as keyof V] !== defaults['dir' as keyof V]);
  for (const key of Object.keys(defaults) as (keyof V & string)[]) {
    const value = view[key];
    const write = key === 'sort' || key === 'dir' ? sortChanged : value !== defaults[key];
    if (write) params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : value);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
