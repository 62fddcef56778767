// Lays the report model out as Markdown: the same content as the HTML, with each chart given as its data table.
import type { DataTable, Quote, ReportModel } from './model.js';
import type { SeedQuote } from './seed-text.js';

/** Escapes what Markdown would otherwise read as formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_<>])/g, '\\$1');
}

function cell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function table(t: DataTable): string {
  const head = t.head.map((h) => cell(h) || ' ');
  const align = t.numeric.map((n) => (n ? '---:' : '---'));
  const lines = [
    `*${escapeMarkdown(t.caption)}*`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map((c) => cell(c) || ' ').join(' | ')} |`),
  ];
  return lines.join('\n');
}

function quote(q: Quote): string {
  return `> ${escapeMarkdown(q.role)}: “${escapeMarkdown(q.text)}”${q.when ? ` (${escapeMarkdown(q.when)})` : ''}`;
}

function seed(q: SeedQuote): string {
  return `“${escapeMarkdown(q.text)}” (${escapeMarkdown(q.source)})`;
}

function paragraphs(ps: readonly string[]): string[] {
  return ps.map(escapeMarkdown);
}

/** The report as Markdown (pure: the same model gives the same bytes). */
export function formatMarkdown(model: ReportModel): string {
  const out: string[] = [];
  const push = (...blocks: (string | null | undefined | false)[]): void => {
    for (const b of blocks) if (b) out.push(b);
  };
  push(`# ${escapeMarkdown(model.title)}`, escapeMarkdown(model.subtitle));
  if (model.deidentification) push(`**${escapeMarkdown(model.deidentification)}**`);
  if (model.notices.length > 0) push(['**Please note**', '', ...model.notices.map((n) => `- ${escapeMarkdown(n)}`)].join('\n'));

  push('## 1. At a glance', ...paragraphs(model.glance.paragraphs));
  if (model.glance.standardsTable) push(table(model.glance.standardsTable));
  if (model.glance.programs) push(table(model.glance.programs));

  push('## 2. What is going well', ...paragraphs(model.well.paragraphs));
  for (const item of model.well.items) {
    push(`### ${escapeMarkdown(item.label)}`, escapeMarkdown(item.text), ...item.exemplars.map(quote));
  }
  if (model.well.mutuality.paragraphs.length > 0) {
    push('### Help in both directions', ...paragraphs(model.well.mutuality.paragraphs));
    if (model.well.mutuality.table) push(table(model.well.mutuality.table));
  }

  push('## 3. Where practice drifts', ...paragraphs(model.drift.paragraphs));
  if (model.drift.table) push(table(model.drift.table));
  for (const p of model.drift.patterns) {
    const why: string[] = [];
    if (p.note) why.push(`- In the codebook’s words: “${escapeMarkdown(p.note)}”`);
    if (p.definition) why.push(`- ${escapeMarkdown(p.standardLabel)}, as the codebook defines it: “${escapeMarkdown(p.definition)}”`);
    if (p.seedQuote) why.push(`- From the seed texts: ${seed(p.seedQuote)}`);
    push(`### ${escapeMarkdown(p.label)}`, escapeMarkdown(p.summary), why.length > 0 ? why.join('\n') : null, ...p.exemplars.map(quote));
  }

  push('## 4. Change over time', ...paragraphs(model.change.paragraphs));
  for (const program of model.change.programs) {
    push(`### ${escapeMarkdown(program.program)}`, ...paragraphs(program.paragraphs), table(program.table));
  }

  push('## 5. Context and structure', ...paragraphs(model.context.paragraphs));
  if (model.context.settings) push(table(model.context.settings));
  const s = model.context.structure;
  push('### Program structure', ...paragraphs(s.paragraphs));
  if (s.facts) push(table(s.facts));
  if (s.pressures.length > 0) push(s.pressures.map((p) => `- ${escapeMarkdown(p.text)} ${seed(p.quote)}`).join('\n'));
  if (s.notes) push(`Notes from the program description: “${escapeMarkdown(s.notes)}”`);

  push('## 6. Questions for reflection', ...paragraphs(model.questions.paragraphs));
  push(model.questions.items.map((q, i) => `${i + 1}. **${escapeMarkdown(q.text)}** ${escapeMarkdown(q.because)}`).join('\n'));

  push('## 7. How this was made', table(model.method.facts), ...paragraphs(model.method.paragraphs));
  if (model.method.reliability) push(table(model.method.reliability));
  push('### Limits', model.method.limits.map((l) => `- ${escapeMarkdown(l)}`).join('\n'));
  return `${out.join('\n\n')}\n`;
}
