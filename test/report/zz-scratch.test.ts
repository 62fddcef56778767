import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import { buildReportModel } from '../../src/report/model.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatHtml } from '../../src/report/html.js';
import { STANDARD_CORPUS, TEST_CODEBOOK, generateCorpus } from '../fixtures/report/synthetic.js';
it('x', () => {
  const corpus = generateCorpus(STANDARD_CORPUS);
  const summaries = corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK));
  const t0 = Date.now();
  const model = buildReportModel(summaries, corpus, TEST_CODEBOOK, { includeEvidence: true, programInfo: { supervision: 'clinical', medicaidBilling: true, documentation: 'routine' } });
  console.log('ms', Date.now() - t0);
  writeFileSync('out/scratch/report.md', formatMarkdown(model));
  writeFileSync('out/scratch/report.html', formatHtml(model));
});
