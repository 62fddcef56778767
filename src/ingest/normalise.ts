// Text clean-up shared by every reader: decoding, line endings, Unicode form, dates and times.

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type Decoded = { ok: true; text: string } | { ok: false; line: number; message: string };

/** Decodes bytes as strict UTF-8, saying where the first bad byte is when it fails. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, line: 1, message: 'is saved as UTF-16. Save it again as UTF-8 (in most editors: "Save as…", encoding "UTF-8")' };
  }
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return {
      ok: false,
      line,
      message: `is not valid UTF-8 (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at line ${line}); it may be in an older encoding such as Windows-1252. Save it again as UTF-8`,
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Grow a prefix until decoding fails; a binary search over prefixes would trip on split sequences.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      UTF8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return i;
}

/** BOM off, every line ending as `\n`, Unicode in composed form (NFC). */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
}

/** Speaker names: composed, trimmed, inner runs of whitespace collapsed. */
export function cleanSpeaker(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Maps character offsets to 1-based line numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export type ParsedDate = { ok: true; iso: string } | { ok: false; reason: string };

function isoIfReal(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Accepts YYYY-MM-DD, YYYY/MM/DD (and an ISO date-time), and day/month/year forms only when
 * the order cannot be misread (one part above 12, or day = month).
 */
export function parseDate(value: string): ParsedDate {
  const v = value.trim();
  const fix = 'Write dates as YYYY-MM-DD, e.g. 2024-03-01';
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (m) {
    const iso = isoIfReal(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, iso } : { ok: false, reason: `"${v}" is not a real calendar date. ${fix}` };
  }
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (a <= 12 && b <= 12 && a !== b) {
      return { ok: false, reason: `"${v}" could be day/month or month/day. ${fix}` };
    }
    const iso = a > 12 ? isoIfReal(y, b, a) : isoIfReal(y, a, b);
    return iso ? { ok: true, iso } : { ok: false, reason: `"${v}" is not a real calendar date. ${fix}` };
  }
  return { ok: false, reason: `"${v}" is not a date this tool can read. ${fix}` };
}

/** Seconds from `12.5`, `1:02`, `01:02:03`, `00:01:02,500` or `00:01:02.500`; undefined otherwise. */
export function parseSeconds(value: string): number | undefined {
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(v);
  if (!m) return undefined;
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) / 1000 : 0;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + ms;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
};

/** Decodes the entities HTML converters emit (named basics and numeric references). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** File name without its folder and last extension. */
export function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
