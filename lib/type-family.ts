/**
 * The name an event type goes by across its versions. Teams often put the version in the
 * type itself (CloudEvents `shop.OrderPlaced.v2`, `OrderPlacedV2`): the catalog lists
 * such types under one name so v1 and v2 sit side by side. A suffix is taken off only when
 * it names the entry's own version (or, with no version given, is a clear `.v2`/`-v2`/`_v2`),
 * so `IPv4Assigned` or `Base64` stay as they are.
 */
export function typeFamily(eventType: string, version: string): string {
  const v = version.trim().replace(/^v/i, '');
  const m = /^(.+?)([._:-]?)[vV](\d+)$/.exec(eventType);
  if (!m) return eventType;
  const [, stem, sep, n] = m;
  if (v === '') return sep ? stem! : eventType;
  return n === v ? stem! : eventType;
}

/** A version as people say it: '2' and 'v2' both read "v2"; none reads "—". */
export function versionLabel(version: string): string {
  if (!version) return '—';
  return /^\d+$/.test(version) ? `v${version}` : version;
}
