// Opens the HTML report in a real headless Chromium, as a reader would, and keeps a screenshot for review.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { summarizeTranscript } from '../../src/aggregate/summary.js';
import { formatHtml } from '../../src/report/html.js';
import { buildReportModel } from '../../src/report/model.js';
import { STANDARD_CORPUS, TEST_CODEBOOK, generateCorpus } from '../fixtures/report/synthetic.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const OUT = resolve('out/test-screenshots');

describe('the HTML report in a browser', () => {
  it.runIf(!available && process.env['CI'])('needs Chromium in CI', () => {
    expect.fail(`${CHROMIUM} is missing; CI must install Debian's chromium to run the browser test.`);
  });

  it.runIf(available)('loads without errors, draws every chart, and prints', async () => {
    const corpus = generateCorpus(STANDARD_CORPUS);
    const model = buildReportModel(
      corpus.map((c) => summarizeTranscript(c, TEST_CODEBOOK)),
      corpus,
      TEST_CODEBOOK,
      { includeEvidence: true, resamples: 500 },
    );
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.html');
    writeFileSync(file, formatHtml(model));

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.title()).toBe(model.title);
      expect(await page.locator('script').count()).toBe(0);

      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return { id: svg.id, width: box.width, height: box.height, role: svg.getAttribute('role'), title: svg.querySelector('title')?.textContent ?? '' };
        }),
      );
      // One meter per standard, the drift bars, and one small chart per standard (and overall) per program.
      expect(charts.length).toBe(TEST_CODEBOOK.standards.length + 1 + 3 * (TEST_CODEBOOK.standards.length + 1));
      for (const chart of charts) {
        expect(chart.width, chart.id).toBeGreaterThan(0);
        expect(chart.height, chart.id).toBeGreaterThan(0);
        expect(chart.role).toBe('img');
        expect(chart.title).not.toBe('');
      }
      // Every chart has its data table beside it.
      expect(await page.locator('table caption').count()).toBeGreaterThanOrEqual(3 + 3);

      await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  });
});
