// Dates, times, UTF-8 checks and text clean-up used by every reader.
import { describe, expect, it } from 'vitest';
import { decodeUtf8, normaliseText, parseDate, parseSeconds } from '../../src/ingest/normalise.js';

describe('parseDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024-03-01T10:15:00Z', '2024-03-01'],
    ['25/12/2024', '2024-12-25'],
    ['12/25/2024', '2024-12-25'],
    ['05/05/2024', '2024-05-05'],
  ])('reads %s as %s', (input, iso) => {
    expect(parseDate(input)).toEqual({ ok: true, iso });
  });

  it.each(['04/03/2024', '2024-02-30', 'March 3rd', '2024-13-01'])('refuses %s with a fix', (input) => {
    const parsed = parseDate(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('YYYY-MM-DD');
  });
});

describe('text clean-up', () => {
  it('drops the BOM, unifies line ends and composes characters', () => {
    expect(normaliseText('\uFEFFa\r\nb\rc\ne\u0301')).toBe('a\nb\nc\n\u00e9');
  });

  it('reads seconds from several time forms', () => {
    expect(parseSeconds('12.5')).toBe(12.5);
    expect(parseSeconds('1:02')).toBe(62);
    expect(parseSeconds('01:02:03,250')).toBe(3723.25);
    expect(parseSeconds('soon')).toBeUndefined();
  });

  it('finds the line of the first byte that is not UTF-8', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('ok\nfine é\n'), 0x43, 0xe9, 0x0a]);
    const decoded = decodeUtf8(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.line).toBe(3);
    expect(decodeUtf8(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toMatchObject({ ok: false, message: expect.stringContaining('UTF-16') });
  });
});
