// Turns a validated codebook source into the compiled form the engine runs (regexes built, patterns in one net).
import type { CodeInfo, ModifierName, Requirement, Role } from '../core/types.js';
import { ClassifierBank, compileCodeClassifier, type ClassifierModel, type CodeClassifier } from '../coding/classifier.js';
import type { CompiledCode, CompiledCodebook } from '../coding/compiled.js';
import { LiteralIndex } from '../coding/literal-index.js';
import { codebookRegex, compileLexicon, compilePattern, compileRegex, PatternIndex, patternTriggers, type CompiledMatcher, type FilteredRegex, type MatcherGuards, type PatternEntry } from '../coding/matchers.js';
import type { CodebookSource } from './load.js';
import type { CodeDefinition } from './schema.js';

function compileMatchers(code: CodeDefinition, patterns: PatternEntry[], literals: LiteralIndex, previousGuards: Map<string, RegExp>): CompiledMatcher[] {
  const filtered = (source: string, flags: '' | 'g' = '', caseSensitive = false): FilteredRegex => ({ regex: codebookRegex(source, flags, caseSensitive), filter: literals.add(source) });
  // A classifier matcher only names and weighs the model's classifier (see `codeClassifier`); it finds nothing per sentence.
  return code.matchers.filter((m) => m.classifier === undefined).map((m) => {
    const key = `${code.id}/${m.id}`;
    const guards: MatcherGuards = {
      unless: (m.unless ?? []).map((u) => filtered(u)),
      requires: (m.requires ?? []) as Requirement[],
      ...(m.previous === undefined ? {} : { previous: sharedRegex(previousGuards, m.previous) }),
    };
    if (m.regex !== undefined) return compileRegex(key, m.id, filtered(m.regex, 'g', m['case-sensitive'] === true), m.weight, guards);
    if (m.lexicon !== undefined) return compileLexicon(key, m.id, m.lexicon, m.weight, guards);
    const pattern = m.pattern as string;
    patterns.push({ key, match: pattern, triggers: patternTriggers(pattern) });
    return compilePattern(key, m.id, m.weight, guards);
  });
}

/** One compiled regex per source, so the engine tests a guard that several matchers share once per turn. */
function sharedRegex(cache: Map<string, RegExp>, source: string): RegExp {
  let regex = cache.get(source);
  if (!regex) cache.set(source, (regex = codebookRegex(source)));
  return regex;
}

/** The code's classifier from the model file, named and weighted by the code's classifier matcher when it has one. */
function codeClassifier(code: CodeDefinition, model: ClassifierModel | undefined, slot: number): CodeClassifier | undefined {
  const trained = model?.codes[code.id];
  if (!model || !trained) return undefined;
  const declared = code.matchers.find((m) => m.classifier !== undefined);
  return compileCodeClassifier(code.id, trained, slot, {
    ...(declared ? { id: declared.id } : {}),
    ...(declared?.weight === undefined ? {} : { weight: declared.weight }),
  });
}

export function codeInfo(code: CodeDefinition): CodeInfo {
  return {
    id: code.id,
    label: code.label,
    standard: code.standard,
    polarity: code.polarity,
    roles: code.roles as Role[],
    definition: code.definition,
    ...(code.note === undefined ? {} : { note: code.note }),
    weight: code.weight,
  };
}

export function compileCodebook(source: CodebookSource): CompiledCodebook {
  const patterns: PatternEntry[] = [];
  const literals = new LiteralIndex();
  const previousGuards = new Map<string, RegExp>();
  const model = source.model?.model;
  const classifiers: CodeClassifier[] = [];
  const compiledCodes: CompiledCode[] = source.codes.map((code) => {
    const classifier = codeClassifier(code, model, classifiers.length);
    if (classifier) classifiers.push(classifier);
    return {
      ...codeInfo(code),
      matchers: compileMatchers(code, patterns, literals, previousGuards),
      ignoreWhen: new Set(code['ignore-when'] as ModifierName[]),
      requires: new Set(code.requires as Requirement[]),
      ...(classifier ? { classifier } : {}),
    };
  });
  const codesByRole = new Map<Role, CompiledCode[]>();
  for (const code of compiledCodes) {
    for (const role of code.roles) codesByRole.set(role, [...(codesByRole.get(role) ?? []), code]);
  }
  const { manifest } = source;
  return {
    id: manifest.id,
    version: manifest.version,
    title: manifest.title,
    language: manifest.language,
    standards: manifest.standards.map((s) => ({ id: s.id, label: s.label, definition: s.definition })),
    codes: compiledCodes.map(({ matchers: _m, ignoreWhen: _i, requires: _r, classifier: _c, ...info }) => info),
    dir: source.dir,
    compiledCodes,
    codesByRole,
    patterns: new PatternIndex(patterns),
    literals,
    ...(source.model && model
      ? {
          classifiers: new ClassifierBank(model.features, classifiers),
          classifierModel: {
            file: source.model.file,
            dataHash: model.training.data_hash,
            transcripts: model.training.transcripts,
            codes: compiledCodes.filter((c) => c.classifier).map((c) => c.id),
          },
        }
      : {}),
  };
}
