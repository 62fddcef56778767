// Broken-codebook fixtures: each must fail with its own error code, at the exact file:line:column.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import { readCodebookSource } from '../../src/codebook/index.js';

const BROKEN = join(import.meta.dirname, '../fixtures/codebooks/broken');

const cases: { fixture: string; code: string; file: string; line: number; column: number; mentions: string }[] = [
  { fixture: 'unknown-key', code: 'codebook/unknown-key', file: 'codes/good-code.yml', line: 6, column: 1, mentions: 'did you mean "use-when"' },
  { fixture: 'duplicate-id', code: 'codebook/duplicate-id', file: 'codes/zz-copy.yml', line: 1, column: 5, mentions: 'already used' },
  { fixture: 'file-name-mismatch', code: 'codebook/file-name-mismatch', file: 'codes/other-name.yml', line: 1, column: 5, mentions: 'rename the file' },
  { fixture: 'unknown-standard', code: 'codebook/unknown-standard', file: 'codes/good-code.yml', line: 3, column: 11, mentions: 'use one of: mutuality' },
  { fixture: 'unknown-role', code: 'codebook/unknown-role', file: 'codes/good-code.yml', line: 5, column: 20, mentions: '"helper"' },
  { fixture: 'invalid-pattern', code: 'codebook/invalid-pattern', file: 'codes/good-code.yml', line: 10, column: 14, mentions: 'never closed' },
  { fixture: 'invalid-regex', code: 'codebook/invalid-regex', file: 'codes/good-code.yml', line: 10, column: 12, mentions: 'not a valid regular expression' },
  { fixture: 'opposite-polarity-term', code: 'codebook/opposite-polarity-term', file: 'codes/bad-code.yml', line: 10, column: 14, mentions: 'opposite polarity' },
  { fixture: 'example-without-source', code: 'codebook/missing-source', file: 'codes/good-code.yml', line: 10, column: 7, mentions: 'source: invented' },
  { fixture: 'yaml-syntax', code: 'codebook/yaml-syntax', file: 'codes/good-code.yml', line: 8, column: 1, mentions: 'quote' },
  { fixture: 'evidence-not-in-text', code: 'codebook/evidence-not-in-text', file: 'codes/good-code.yml', line: 11, column: 17, mentions: '"go along"' },
];

function problemsOf(dir: string): PeerFidelityError {
  try {
    readCodebookSource(dir);
  } catch (error) {
    if (error instanceof PeerFidelityError) return error;
    throw error;
  }
  throw new Error(`${dir} loaded without problems`);
}

describe('codebook validation', () => {
  it.each(cases)('$fixture is reported with its location', ({ fixture, code, file, line, column, mentions }) => {
    const error = problemsOf(join(BROKEN, fixture));
    expect(error.code).toBe('codebook/invalid');
    expect(error.exitCode).toBe(2);
    const detail = error.details.find((d) => d.code === code);
    expect(detail, JSON.stringify(error.details, null, 1)).toBeDefined();
    expect(detail?.file).toBe(join(BROKEN, fixture, file));
    expect([detail?.line, detail?.column]).toEqual([line, column]);
    expect(detail?.message).toContain(mentions);
  });

  it('collects every problem of a codebook before failing', () => {
    const error = problemsOf(join(BROKEN, 'opposite-polarity-term'));
    expect(error.details.map((d) => d.code)).toEqual(['codebook/opposite-polarity-term', 'codebook/opposite-polarity-term']);
    expect(error.message).toContain('2 problems');
  });

  it('names a missing folder and a missing manifest', () => {
    expect(() => readCodebookSource(join(BROKEN, 'no-such-folder'))).toThrow(/no codebook folder/);
    expect(() => readCodebookSource(join(import.meta.dirname, '../fixtures'))).toThrow(/codebook init/);
  });
});
