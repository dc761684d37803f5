import type { DecodedBytes } from '../../lib/message-types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns record bytes into what the browser shows: pretty-printed JSON when the bytes
 * parse as JSON, text when they are valid UTF-8, otherwise a hex preview. The preview
 * is cut at `previewBytes` (characters of text, bytes of binary) and says so.
 */
export function decodeBytes(buf: Buffer | null, previewBytes: number): DecodedBytes | null {
  if (buf === null) return null;
  const size = buf.length;
  const text = asText(buf);
  if (text === null) {
    const shown = buf.subarray(0, previewBytes);
    return { kind: 'binary', preview: hexPreview(shown), size, truncated: shown.length < size };
  }
  const json = asPrettyJson(text);
  const full = json ?? text;
  return { kind: json === null ? 'text' : 'json', preview: cut(full, previewBytes), size, truncated: full.length > previewBytes };
}

function asText(buf: Buffer): string | null {
  try {
    const s = utf8.decode(buf);
    // Control characters other than whitespace mean bytes that merely happen to be valid UTF-8.
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(s) ? null : s;
  } catch {
    return null;
  }
}

function asPrettyJson(text: string): string | null {
  const t = text.trim();
  // Only objects and arrays: "42" or "true" as a value reads better as the text it is.
  if (!(t.startsWith('{') || t.startsWith('['))) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}

/** Cuts at a character boundary, never inside a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 1] ?? '') ? max - 1 : max;
  return s.slice(0, end);
}

/** "7b 22 61 22" — space-separated byte pairs. */
export function hexPreview(buf: Buffer): string {
  return buf.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}
