// The compiled form of a codebook that the engine runs: code metadata plus ready-to-run matchers.
import type { CodeInfo, CodebookInfo, ModifierName, Requirement, Role } from '../core/types.js';
import type { ClassifierBank, CodeClassifier } from './classifier.js';
import type { LiteralIndex } from './literal-index.js';
import type { CompiledMatcher, PatternIndex } from './matchers.js';

export interface CompiledCode extends CodeInfo {
  matchers: CompiledMatcher[];
  ignoreWhen: ReadonlySet<ModifierName>;
  requires: ReadonlySet<Requirement>;
  /** Present only when the codebook's model file has a classifier for this code. */
  classifier?: CodeClassifier;
}

export interface CompiledCodebook extends CodebookInfo {
  /** The folder it was loaded from. */
  dir: string;
  compiledCodes: CompiledCode[];
  /** Codes that apply to each role, in codebook order. */
  codesByRole: ReadonlyMap<Role, CompiledCode[]>;
  patterns: PatternIndex;
  /** The required literals of every regex, for the one-pass filter in front of them. */
  literals: LiteralIndex;
  /** The codes' classifiers, scored together; present only with a classifier model. */
  classifiers?: ClassifierBank;
  /** Present only when the codebook folder has a classifier model (models/classifier.json). */
  classifierModel?: { file: string; dataHash: string; transcripts: readonly string[]; codes: readonly string[] };
}
