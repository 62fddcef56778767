// Formats coded transcripts for researchers: findings as JSON, JSONL, CSV or a terminal table, or one row per turn.
import Papa from 'papaparse';
import type { CodedTranscript, Finding, Modifiers } from '../core/types.js';

export type CodedFormat = 'json' | 'jsonl' | 'csv' | 'table';

function modifierList(m: Modifiers): string {
  const out: string[] = [];
  if (m.negated) out.push('negated');
  if (m.question) out.push(`question:${m.question}`);
  if (m.reportedSpeech) out.push('reported-speech');
  if (m.reflexive) out.push('reflexive');
  if (m.hypothetical) out.push('hypothetical');
  return out.join(' ');
}

const FINDING_COLUMNS = [
  'transcript_id', 'turn', 'speaker', 'role', 'code', 'standard', 'polarity', 'evidence', 'span_start', 'span_end',
  'confidence', 'modifiers', 'matcher', 'coder', 'codebook',
] as const;

function findingRow(f: Finding): Record<(typeof FINDING_COLUMNS)[number], string | number> {
  return {
    transcript_id: f.transcriptId,
    turn: f.turn,
    speaker: f.speaker,
    role: f.role,
    code: f.code,
    standard: f.standard,
    polarity: f.polarity,
    evidence: f.evidence,
    span_start: f.span.start,
    span_end: f.span.end,
    confidence: f.confidence,
    modifiers: modifierList(f.modifiers),
    matcher: `${f.matcher.kind}:${f.matcher.id}`,
    coder: f.coder,
    codebook: `${f.codebook.id}@${f.codebook.version}`,
  };
}

/** One row per turn with its codes: the shape a researcher loads into R or a spreadsheet. */
export function turnRows(coded: CodedTranscript[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const c of coded) {
    const byTurn = new Map<number, Finding[]>();
    for (const f of c.findings) byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), f]);
    for (const turn of c.transcript.turns) {
      const findings = byTurn.get(turn.index) ?? [];
      rows.push({
        transcript_id: c.transcript.id,
        program: c.transcript.program ?? '',
        date: c.transcript.date ?? '',
        turn: turn.index,
        speaker: turn.speaker,
        role: turn.role,
        text: turn.text,
        codes: findings.map((f) => f.code).join('; '),
        meets: findings.filter((f) => f.polarity === 'meets').length,
        drifts: findings.filter((f) => f.polarity === 'drifts').length,
      });
    }
  }
  return rows;
}

function shorten(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function formatTable(coded: CodedTranscript[]): string {
  const lines: string[] = [];
  for (const c of coded) {
    lines.push(`${c.transcript.id}${c.transcript.program ? `  (${c.transcript.program})` : ''}`);
    const byTurn = new Map<number, Finding[]>();
    for (const f of c.findings) byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), f]);
    for (const turn of c.transcript.turns) {
      const findings = byTurn.get(turn.index) ?? [];
      const codes = findings.map((f) => `${f.polarity === 'drifts' ? '▽' : '△'} ${f.code}`).join(', ') || '—';
      lines.push(`  ${String(turn.index).padStart(3)}  ${turn.role.padEnd(9)} ${codes}`);
      for (const f of findings) lines.push(`         ${f.code}: “${shorten(f.evidence, 70)}”${modifierList(f.modifiers) ? ` [${modifierList(f.modifiers)}]` : ''}`);
    }
    const coverage = c.coverage.map((r) => `${r.role} ${r.coded}/${r.turns}`).join(', ');
    lines.push(`  turns with at least one code: ${coverage}`, '');
  }
  lines.push('△ shows a standard being practised, ▽ drift toward clinical practice.');
  return lines.join('\n') + '\n';
}

export function formatCoded(coded: CodedTranscript[], format: CodedFormat, options: { turns?: boolean } = {}): string {
  if (options.turns) {
    if (format === 'json') return JSON.stringify(turnRows(coded), null, 2) + '\n';
    if (format === 'jsonl') return turnRows(coded).map((r) => JSON.stringify(r)).join('\n') + '\n';
    return Papa.unparse(turnRows(coded)) + '\n';
  }
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          coded.map((c) => ({
            transcriptId: c.transcript.id,
            program: c.transcript.program,
            date: c.transcript.date,
            findings: c.findings,
            coverage: c.coverage,
            uncodedTurns: c.uncodedTurns,
            warnings: c.warnings,
          })),
          null,
          2,
        ) + '\n'
      );
    case 'jsonl':
      return coded.flatMap((c) => c.findings.map((f) => JSON.stringify(f))).join('\n') + '\n';
    case 'csv':
      return Papa.unparse(coded.flatMap((c) => c.findings.map(findingRow)), { columns: [...FINDING_COLUMNS] }) + '\n';
    case 'table':
      return formatTable(coded);
  }
}

