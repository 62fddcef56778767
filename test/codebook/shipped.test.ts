// The shipped codebooks test themselves: every example behaves as written, and generated files are fresh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCodebook, defaultCodebookDir, readCodebookSource } from '../../src/codebook/index.js';
import { formatCodebookDocs } from '../../src/codebook/docs.js';
import { codebookJsonSchemas } from '../../src/codebook/schema.js';
import { runSelfTest } from '../../src/codebook/self-test.js';

const ROOT = join(import.meta.dirname, '../..');
const CODEBOOKS = [defaultCodebookDir(), join(ROOT, 'test/fixtures/codebooks/local-standards')];

describe.each(CODEBOOKS)('codebook %s', (dir) => {
  const source = readCodebookSource(dir);
  const report = runSelfTest(source, compileCodebook(source));

  it('runs every positive and negative example as written', () => {
    const failures = report.failures.map((f) => `${f.code} ${f.kind} #${f.index + 1}: ${f.reason} — “${f.text}”`);
    expect(failures).toEqual([]);
  });
});

describe('the shipped Mead & MacNeil codebook', () => {
  const source = readCodebookSource(defaultCodebookDir());

  it('keeps the code ids other tools refer to', () => {
    expect(source.manifest.codes).toEqual(
      expect.arrayContaining([
        'exploratory-question', 'reframing-disclosure', 'medical-frame', 'compliance-pressure', 'situational-framing',
        'life-beyond-illness', 'self-disclosure', 'shared-vulnerability', 'doing-together', 'reciprocal-help',
        'directive-advice', 'expert-stance', 'experiential-language', 'clinical-language', 'talking-about-absent',
        'say-see-feel-need', 'negotiating-relationship', 'assessing', 'risk-dialogue', 'risk-assessment',
      ]),
    );
    expect(source.manifest.standards.map((s) => s.id)).toEqual([
      'achieving-difference', 'critical-learning', 'mutuality', 'language-use', 'mutual-responsibility', 'shared-risk',
    ]);
  });

  it('has at least 8 positive and 8 negative examples per code, each with a source', () => {
    for (const code of source.codes) {
      expect(code.examples.positive.length, code.id).toBeGreaterThanOrEqual(8);
      expect(code.examples.negative.length, code.id).toBeGreaterThanOrEqual(8);
    }
  });

  it('has a generated reference page that is up to date (run `peer-fidelity codebook docs` after editing)', () => {
    expect(readFileSync(join(defaultCodebookDir(), 'README.md'), 'utf8')).toBe(formatCodebookDocs(source));
  });
});

describe('published JSON Schemas', () => {
  it('match the schema in code (regenerate with `peer-fidelity codebook schema`)', () => {
    const { manifest, code } = codebookJsonSchemas();
    expect(JSON.parse(readFileSync(join(ROOT, 'docs/schema/code.schema.json'), 'utf8'))).toEqual(code);
    expect(JSON.parse(readFileSync(join(ROOT, 'docs/schema/codebook.schema.json'), 'utf8'))).toEqual(manifest);
  });
});
