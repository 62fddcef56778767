// Lays the report model out as one self-contained HTML page: inline CSS and SVG, no scripts, prints cleanly.
import { VERSION } from '../core/version.js';
import { driftBarsChart, escapeXml, meterChart, trendChart } from './charts.js';
import type { DataTable, Quote, ReportModel } from './model.js';
import type { SeedQuote } from './seed-text.js';
import { formatScore } from './words.js';

const esc = escapeXml;

const CSS = `
:root { --ink: #1f2933; --muted: #52606d; --accent: #2b6cb0; --band: #bcd6f1; --drift: #b7791f; --flag: #c53030; --rule: #d9e2ec; --soft: #f4f7fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.75rem 0 0.25rem; }
h2 { font-size: 1.4rem; margin: 2.25rem 0 0.5rem; padding-top: 0.75rem; border-top: 2px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.35rem; }
p { margin: 0.5rem 0; max-width: 48rem; }
.subtitle { color: var(--muted); margin-top: 0; }
.deidentification { font-weight: 600; border: 2px solid var(--drift); padding: 0.5rem 0.75rem; border-radius: 4px; }
.notices { background: var(--soft); border-left: 4px solid var(--accent); padding: 0.5rem 1rem; margin: 1rem 0; }
.notices ul { margin: 0.25rem 0; padding-left: 1.25rem; }
nav ol { columns: 2; padding-left: 1.25rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.25rem; font-size: 0.9rem; }
caption { text-align: left; font-style: italic; color: var(--muted); padding-bottom: 0.35rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: 0.5rem 0; padding: 0.35rem 0.9rem; border-left: 3px solid var(--band); background: var(--soft); max-width: 48rem; }
blockquote .role { font-weight: 600; }
blockquote .when { color: var(--muted); font-size: 0.85rem; }
.why { margin: 0.25rem 0 0.5rem; padding-left: 1.25rem; max-width: 48rem; }
.source { color: var(--muted); }
figure { margin: 0; }
figcaption { font-size: 0.9rem; }
figcaption .value { font-weight: 600; float: right; font-variant-numeric: tabular-nums; }
.meters { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 0.5rem 2rem; margin: 1rem 0; }
.trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 0.75rem 1rem; margin: 0.75rem 0; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
.chart .track, .chart .tick, .chart .grid { stroke: var(--rule); stroke-width: 1.5; }
.chart .axis { font-size: 10px; fill: var(--muted); }
.chart .band { fill: var(--band); opacity: 0.85; }
.chart .point { fill: var(--accent); }
.chart .point.thin { fill: #fff; stroke: var(--accent); stroke-width: 2; }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .bar { fill: var(--drift); }
.chart .label, .chart .value { font-size: 12px; fill: var(--ink); }
.chart .flag { fill: var(--flag); }
.unscored { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0; }
.questions li { margin: 0.35rem 0; }
.questions .because { color: var(--muted); }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); }
@page { margin: 16mm; }
@media print {
  body { font-size: 10.5pt; }
  nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure, table, blockquote, .pattern, .notices { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .trends { grid-template-columns: repeat(3, 1fr); }
}
`;

function paragraphs(ps: readonly string[]): string {
  return ps.map((p) => `<p>${esc(p)}</p>`).join('\n');
}

function table(t: DataTable): string {
  const cls = (i: number): string => (t.numeric[i] ? ' class="num"' : '');
  const head = t.head.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${cls(i)}>${esc(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table>\n<caption>${esc(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function quote(q: Quote): string {
  return `<blockquote><span class="role">${esc(q.role)}:</span> “${esc(q.text)}”${q.when ? ` <span class="when">(${esc(q.when)})</span>` : ''}</blockquote>`;
}

function seed(q: SeedQuote): string {
  return `“${esc(q.text)}” <span class="source">(${esc(q.source)})</span>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h">\n<h2 id="${id}-h">${esc(title)}</h2>\n${body}\n</section>`;
}

const SECTIONS: [string, string][] = [
  ['glance', '1. At a glance'],
  ['going-well', '2. What is going well'],
  ['drift', '3. Where practice drifts'],
  ['change', '4. Change over time'],
  ['context', '5. Context and structure'],
  ['questions', '6. Questions for reflection'],
  ['method', '7. How this was made'],
];

/** The report as one HTML file (pure: the same model gives the same bytes). */
export function formatHtml(model: ReportModel): string {
  let chartId = 0;
  const nextId = (): string => `chart-${++chartId}`;

  const glance = [
    paragraphs(model.glance.paragraphs),
    model.glance.standards.length > 0
      ? `<div class="meters">\n${model.glance.standards
          .map((s) =>
            s.reportable
              ? `<figure>\n<figcaption>${esc(s.label)} <span class="value">${formatScore(s.fidelity.value)}</span></figcaption>\n${meterChart(nextId(), s)}\n</figure>`
              : `<figure>\n<figcaption>${esc(s.label)} <span class="value">–</span></figcaption>\n<p class="unscored">Not reliable enough on your transcripts to report.</p>\n</figure>`,
          )
          .join('\n')}\n</div>`
      : '',
    model.glance.standardsTable ? table(model.glance.standardsTable) : '',
    model.glance.programs ? table(model.glance.programs) : '',
  ].join('\n');

  const well = [
    paragraphs(model.well.paragraphs),
    ...model.well.items.map((item) => `<h3>${esc(item.label)}</h3>\n<p>${esc(item.text)}</p>\n${item.exemplars.map(quote).join('\n')}`),
    model.well.mutuality.paragraphs.length > 0 ? `<h3>Help in both directions</h3>\n${paragraphs(model.well.mutuality.paragraphs)}` : '',
    model.well.mutuality.table ? table(model.well.mutuality.table) : '',
  ].join('\n');

  const drift = [
    paragraphs(model.drift.paragraphs),
    model.drift.patterns.length > 0 ? `<figure>\n${driftBarsChart(nextId(), model.drift.patterns)}\n</figure>` : '',
    model.drift.table ? table(model.drift.table) : '',
    ...model.drift.patterns.map((p) => {
      const why: string[] = [];
      if (p.note) why.push(`<li>In the codebook’s words: “${esc(p.note)}”</li>`);
      if (p.definition) why.push(`<li>${esc(p.standardLabel)}, as the codebook defines it: “${esc(p.definition)}”</li>`);
      if (p.seedQuote) why.push(`<li>From the seed texts: ${seed(p.seedQuote)}</li>`);
      return `<div class="pattern">\n<h3>${esc(p.label)}</h3>\n<p>${esc(p.summary)}</p>\n${why.length > 0 ? `<ul class="why">${why.join('')}</ul>\n` : ''}${p.exemplars.map(quote).join('\n')}\n</div>`;
    }),
  ].join('\n');

  const change = [
    paragraphs(model.change.paragraphs),
    ...model.change.programs.map(
      (program) =>
        `<h3>${esc(program.program)}</h3>\n${paragraphs(program.paragraphs)}\n` +
        (program.series[0] && program.series[0].points.length > 1
          ? `<div class="trends">\n${program.series
              .map((s) => `<figure>\n<figcaption>${esc(s.label)}</figcaption>\n${trendChart(nextId(), program.program, s)}\n</figure>`)
              .join('\n')}\n</div>\n`
          : '') +
        table(program.table),
    ),
  ].join('\n');

  const s = model.context.structure;
  const context = [
    paragraphs(model.context.paragraphs),
    model.context.settings ? table(model.context.settings) : '',
    '<h3>Program structure</h3>',
    paragraphs(s.paragraphs),
    s.facts ? table(s.facts) : '',
    s.pressures.length > 0 ? `<ul class="why">${s.pressures.map((p) => `<li>${esc(p.text)} ${seed(p.quote)}</li>`).join('')}</ul>` : '',
    s.notes ? `<p>Notes from the program description: “${esc(s.notes)}”</p>` : '',
  ].join('\n');

  const questions = [
    paragraphs(model.questions.paragraphs),
    `<ol class="questions">${model.questions.items.map((q) => `<li><strong>${esc(q.text)}</strong> <span class="because">${esc(q.because)}</span></li>`).join('')}</ol>`,
  ].join('\n');

  const method = [
    table(model.method.facts),
    paragraphs(model.method.paragraphs),
    model.method.reliability ? table(model.method.reliability) : '',
    '<h3>Limits</h3>',
    `<ul>${model.method.limits.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
  ].join('\n');

  const bodies = [glance, well, drift, change, context, questions, method];
  const header = [
    `<h1>${esc(model.title)}</h1>`,
    `<p class="subtitle">${esc(model.subtitle)}</p>`,
    model.deidentification ? `<p class="deidentification" role="note">${esc(model.deidentification)}</p>` : '',
    model.notices.length > 0
      ? `<aside class="notices" aria-label="Please note"><strong>Please note</strong><ul>${model.notices.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></aside>`
      : '',
    `<nav aria-label="Contents"><ol>${SECTIONS.map(([id, title]) => `<li><a href="#${id}">${esc(title.replace(/^\d+\.\s*/, ''))}</a></li>`).join('')}</ol></nav>`,
  ]
    .filter(Boolean)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="peer-fidelity ${esc(VERSION)}">
<title>${esc(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
${header}
</header>
<main>
${SECTIONS.map(([id, title], i) => section(id, title, bodies[i] ?? '')).join('\n')}
</main>
<footer>
<p>Made with peer-fidelity ${esc(VERSION)} and the codebook ${esc(model.codebook.title)} (${esc(model.codebook.id)} ${esc(model.codebook.version)}). Automated coding helps people read; it does not replace them.</p>
</footer>
</body>
</html>
`;
}
