// One comparator for findings so every output is in the same deterministic order.
import type { Finding } from './types.js';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Transcript, turn, span start, span end, code, coder, matcher id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.transcriptId, b.transcriptId) ||
    a.turn - b.turn ||
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    compareText(a.code, b.code) ||
    compareText(a.coder, b.coder) ||
    compareText(a.matcher.id, b.matcher.id)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

export { compareText };
