import { describe, expect, it } from 'vitest';
import { decodeBytes, hexPreview } from './decode-bytes';

describe('decodeBytes', () => {
  it('pretty-prints JSON objects and keeps the full size', () => {
    const d = decodeBytes(Buffer.from('{"a":1,"b":[true]}'), 1024)!;
    expect(d).toEqual({ kind: 'json', preview: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}', size: 18, truncated: false });
  });

  it('keeps UTF-8 text as text, scalars included', () => {
    expect(decodeBytes(Buffer.from('héllo wörld'), 1024)).toMatchObject({ kind: 'text', preview: 'héllo wörld', size: 13 });
    expect(decodeBytes(Buffer.from('42'), 1024)).toMatchObject({ kind: 'text', preview: '42' });
    expect(decodeBytes(Buffer.from('{not json'), 1024)).toMatchObject({ kind: 'text', preview: '{not json' });
  });

  it('flags invalid UTF-8 and control bytes as binary with a hex preview', () => {
    expect(decodeBytes(Buffer.from([0xde, 0xad, 0xbe, 0xef]), 1024)).toEqual({ kind: 'binary', preview: 'de ad be ef', size: 4, truncated: false });
    expect(decodeBytes(Buffer.from([0x00, 0x01, 0x41]), 1024)).toMatchObject({ kind: 'binary', preview: '00 01 41' });
  });

  it('cuts the preview at the limit and says so', () => {
    const big = decodeBytes(Buffer.from('x'.repeat(100)), 10)!;
    expect(big).toEqual({ kind: 'text', preview: 'x'.repeat(10), size: 100, truncated: true });
    const bin = decodeBytes(Buffer.alloc(100, 0xff), 4)!;
    expect(bin).toEqual({ kind: 'binary', preview: 'ff ff ff ff', size: 100, truncated: true });
  });

  it('never cuts a surrogate pair in half', () => {
    const d = decodeBytes(Buffer.from('ab😀cd'), 3)!;
    expect(d.preview).toBe('ab');
    expect(d.truncated).toBe(true);
  });

  it('passes null through and shows empty bytes as empty text', () => {
    expect(decodeBytes(null, 10)).toBeNull();
    expect(decodeBytes(Buffer.alloc(0), 10)).toEqual({ kind: 'text', preview: '', size: 0, truncated: false });
  });

  it('formats hex as spaced pairs', () => {
    expect(hexPreview(Buffer.from([1, 2, 255]))).toBe('01 02 ff');
    expect(hexPreview(Buffer.alloc(0))).toBe('');
  });
});
