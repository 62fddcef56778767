// What a coding run hands back for each transcript: the coded transcript, its summary record, or its findings as JSONL/CSV text.
//
// Workers make the product themselves, so only what the caller needs crosses the thread boundary: a summary or a string
// costs far less to copy, and to collect afterwards, than every finding as an object.
import { summarizeTranscript, type TranscriptSummary } from '../aggregate/summary.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import type { CodedTranscript, Transcript } from '../core/types.js';
import { formatCoded } from '../report/coded-output.js';
import type { StreamingFormat } from './output.js';

export type Product = { kind: 'coded' } | { kind: 'summary' } | { kind: 'text'; format: StreamingFormat; turns: boolean };

/** One transcript's findings (or turn rows) as `formatCoded` writes them for that transcript alone, and its counts. */
export interface TextPiece {
  text: string;
  findings: number;
  warnings: number;
}

export type ProductOf<P extends Product> = P extends { kind: 'coded' } ? CodedTranscript : P extends { kind: 'summary' } ? TranscriptSummary : TextPiece;

/** A coded transcript as it crosses from a worker: without the transcript, which the caller still holds. */
export type CodedResult = Omit<CodedTranscript, 'transcript'>;

export const CODED = { kind: 'coded' } as const satisfies Product;

/** The product of one coded transcript. */
export function produce(product: Product, coded: CodedTranscript, codebook: CompiledCodebook): unknown {
  switch (product.kind) {
    case 'coded':
      return coded;
    case 'summary':
      return summarizeTranscript(coded, codebook);
    case 'text':
      return {
        text: formatCoded([coded], product.format, { turns: product.turns }),
        findings: coded.findings.length,
        warnings: coded.warnings.length,
      } satisfies TextPiece;
  }
}

/** The product as it is sent across the thread boundary. */
export function toWire(product: Product, coded: CodedTranscript, codebook: CompiledCodebook): unknown {
  if (product.kind !== 'coded') return produce(product, coded, codebook);
  const { transcript: _, ...rest } = coded;
  return rest satisfies CodedResult;
}

/** The product again on the caller's side: a coded transcript gets back the transcript that was sent. */
export function fromWire(product: Product, wire: unknown, transcript: Transcript): unknown {
  if (product.kind !== 'coded') return wire;
  const r = wire as CodedResult;
  // The same key order as codeTranscript's own result, so JSON output is byte-identical to a single-threaded run.
  return { transcript, findings: r.findings, coverage: r.coverage, uncodedTurns: r.uncodedTurns, warnings: r.warnings } satisfies CodedTranscript;
}
