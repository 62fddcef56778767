// The compiled form of a codebook that the engine runs: code metadata plus ready-to-run matchers.
import type { CodeInfo, CodebookInfo, ModifierName, Requirement, Role } from '../core/types.js';
import type { CompiledMatcher, PatternIndex } from './matchers.js';

export interface CompiledCode extends CodeInfo {
  matchers: CompiledMatcher[];
  ignoreWhen: ReadonlySet<ModifierName>;
  requires: ReadonlySet<Requirement>;
}

export interface CompiledCodebook extends CodebookInfo {
  /** The folder it was loaded from. */
  dir: string;
  compiledCodes: CompiledCode[];
  /** Codes that apply to each role, in codebook order. */
  codesByRole: ReadonlyMap<Role, CompiledCode[]>;
  patterns: PatternIndex;
}
