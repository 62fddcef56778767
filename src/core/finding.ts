// Builds Finding records the same way for the engine and for human coders, so both compare with no special cases.
import type { CodeInfo, CodebookInfo, Finding, Transcript, Turn } from './types.js';

export function newFinding(
  codebook: Pick<CodebookInfo, 'id' | 'version'>,
  code: Pick<CodeInfo, 'id' | 'standard' | 'polarity'>,
  transcript: Pick<Transcript, 'id'>,
  turn: Pick<Turn, 'index' | 'speaker' | 'role' | 'text'>,
  how: Pick<Finding, 'span' | 'matcher' | 'coder' | 'confidence' | 'modifiers'>,
): Finding {
  return {
    code: code.id,
    standard: code.standard,
    polarity: code.polarity,
    codebook: { id: codebook.id, version: codebook.version },
    transcriptId: transcript.id,
    turn: turn.index,
    speaker: turn.speaker,
    role: turn.role,
    span: how.span,
    evidence: turn.text.slice(how.span.start, how.span.end),
    matcher: how.matcher,
    coder: how.coder,
    confidence: how.confidence,
    modifiers: how.modifiers,
  };
}
