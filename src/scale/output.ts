// Findings written as they are coded: JSONL and CSV text in pieces that join to exactly what formatCoded gives for the whole corpus.
import type { CodedTranscript } from '../core/types.js';
import { formatCoded } from '../report/coded-output.js';

export type StreamingFormat = 'jsonl' | 'csv';
export const STREAMING_FORMATS: readonly StreamingFormat[] = ['jsonl', 'csv'];

/**
 * `piece(c)` for each coded transcript in order, then `end()`: the concatenation equals
 * `formatCoded(all, format, options)`. Each piece is cut from formatCoded's output for one transcript,
 * so the two can never disagree on quoting or columns.
 */
export class StreamingFormatter {
  private started = false;

  constructor(
    private readonly format: StreamingFormat,
    private readonly options: { turns?: boolean } = {},
  ) {}

  piece(coded: CodedTranscript): string {
    return this.add(formatCoded([coded], this.format, this.options));
  }

  /** The same for a transcript already written by `formatCoded([coded], format, options)` (as a worker does). */
  add(text: string): string {
    if (this.format === 'jsonl') {
      if (text === '\n') return '';
      this.started = true;
      return text;
    }
    // Papa.unparse: a header line, then rows joined by CRLF; formatCoded adds one final LF.
    const body = text.slice(0, -1);
    const cut = body.indexOf('\r\n');
    const header = cut === -1 ? body : body.slice(0, cut);
    const rows = cut === -1 ? '' : body.slice(cut + 2);
    const out = (this.started ? '' : header) + (rows ? `\r\n${rows}` : '');
    this.started = true;
    return out;
  }

  end(): string {
    if (this.started) return this.format === 'jsonl' ? '' : '\n';
    return formatCoded([], this.format, this.options);
  }
}
