// Reads a codebook folder, validates every file and collects all problems (with file:line:column) before failing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import levenshtein from 'natural/lib/natural/distance/levenshtein_distance.js';
import { nlp } from '../core/nlp.js';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import { codeSchema, knownKeys, manifestSchema, type CodeDefinition, type ManifestDefinition } from './schema.js';
import { codebookRegex } from '../coding/matchers.js';
import { lexiconTermKey } from '../coding/terms.js';
import { CLASSIFIER_MODEL_PATH, checkModelFits, parseClassifierModel, type ClassifierModel } from '../coding/classifier.js';

export interface CodebookProblem extends ProblemDetail {
  file: string;
  code: string;
}

/** A parsed, validated codebook, before compilation. Positions let later steps point at lines. */
export interface CodebookSource {
  dir: string;
  manifest: ManifestDefinition;
  codes: CodeDefinition[];
  /** File of each code id, for messages. */
  files: Map<string, string>;
  locate: (file: string, path: (string | number)[]) => { line?: number; column?: number };
  /** The classifier model in `models/classifier.json`, when the folder has one (and it was not left out). */
  model?: { file: string; model: ClassifierModel };
}

export interface ReadCodebookOptions {
  /** Read `models/classifier.json` when it exists (default true). `train` leaves it out: it replaces the model. */
  models?: boolean;
}

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

const KNOWN_KEYS = knownKeys();

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein.LevenshteinDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function nodeAt(doc: Document, path: (string | number)[], keyOf?: string): { range?: [number, number, number] } | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (keyOf !== undefined && isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === keyOf);
    if (pair && isScalar(pair.key)) return pair.key as { range?: [number, number, number] };
  }
  if (parent && typeof parent === 'object' && 'range' in parent) return parent as { range?: [number, number, number] };
  // Fall back to the nearest ancestor that exists.
  return path.length > 0 ? nodeAt(doc, path.slice(0, -1)) : undefined;
}

function position(parsed: ParsedFile, path: (string | number)[], keyOf?: string): { line?: number; column?: number } {
  const node = nodeAt(parsed.doc, path, keyOf);
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const pos = parsed.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function showPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function shortValue(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'nothing' : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

class ProblemList {
  readonly items: CodebookProblem[] = [];
  add(parsed: ParsedFile, path: (string | number)[], code: string, message: string, keyOf?: string): void {
    this.items.push({ file: parsed.file, ...position(parsed, path, keyOf), code, message: `${message}` });
  }
  addAt(file: string, code: string, message: string): void {
    this.items.push({ file, code, message });
  }
}

function readYaml(file: string, problems: ProblemList): ParsedFile | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    problems.addAt(file, 'codebook/unreadable', `cannot read the file (${(error as Error).message}); check that it exists and is readable`);
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(content.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const parsed: ParsedFile = { file, doc, lines };
  for (const error of doc.errors) {
    const pos = lines.linePos(error.pos[0]);
    problems.items.push({
      file,
      line: pos.line,
      column: pos.col,
      code: 'codebook/yaml-syntax',
      message: `${error.message.split('\n')[0]} (fix the YAML syntax here; quote text that contains ": " or "#")`,
    });
  }
  return doc.errors.length > 0 ? undefined : parsed;
}

function schemaProblems<T>(parsed: ParsedFile, schema: z.ZodType<T>, problems: ProblemList): T | undefined {
  const data: unknown = parsed.doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const guess = closest(key, KNOWN_KEYS);
        problems.add(
          parsed,
          path,
          'codebook/unknown-key',
          `unknown key "${key}" in ${showPath(path)}${guess ? `; did you mean "${guess}"?` : '; remove it or check the spelling against the codebook format'}`,
          key,
        );
      }
      continue;
    }
    const value = valueAt(data, path);
    const last = path[path.length - 1];
    if (value === undefined) {
      const code = last === 'source' ? 'codebook/missing-source' : 'codebook/missing-key';
      const hint = last === 'source' ? 'add `source: invented`, or `source: seed:002:<section>` for verbatim seed text' : `add \`${String(last)}:\``;
      problems.add(parsed, path.slice(0, -1), code, `${showPath(path.slice(0, -1))} has no \`${String(last)}\`; ${hint}`);
      continue;
    }
    const code = issue.code === 'invalid_value' && path.includes('roles') ? 'codebook/unknown-role' : 'codebook/invalid-value';
    const message = issue.code === 'invalid_value' && 'values' in issue ? `use one of ${(issue.values as unknown[]).map(String).join(', ')}` : issue.message;
    problems.add(parsed, path, code, `${showPath(path)} is ${shortValue(value)}: ${message}`);
  }
  return undefined;
}

function checkRegex(parsed: ParsedFile, path: (string | number)[], source: string, problems: ProblemList): void {
  try {
    new RegExp(source, 'iu');
    codebookRegex(source);
  } catch (error) {
    problems.add(parsed, path, 'codebook/invalid-regex', `${shortValue(source)} is not a valid regular expression (${(error as Error).message}); escape special characters such as ( ) [ ] ? with a backslash`);
  }
}

let tags: Set<string> | undefined;
/** compromise's part-of-speech tags, read when the first pattern is checked. */
function knownTags(): Set<string> {
  tags ??= new Set(Object.keys((nlp().model() as { one: { tagSet: Record<string, unknown> } }).one.tagSet));
  return tags;
}

/** Checks compromise match syntax: balanced brackets, known #Tags, and that it parses to something. */
export function patternProblem(pattern: string): string | undefined {
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth < 0) return 'it closes a bracket that was never opened';
  }
  if (depth !== 0) return 'a bracket is opened but never closed';
  for (const m of pattern.matchAll(/#([A-Za-z]+)/g)) {
    const tag = m[1] ?? '';
    if (!knownTags().has(tag)) {
      const guess = closest(tag, knownTags());
      return `#${tag} is not a compromise tag${guess ? `; did you mean #${guess}?` : ''}`;
    }
  }
  const parsed = nlp().parseMatch(pattern) as unknown[];
  if (!Array.isArray(parsed) || parsed.length === 0) return 'it does not describe any words';
  return undefined;
}

function checkCode(parsed: ParsedFile, code: CodeDefinition, manifest: ManifestDefinition | undefined, problems: ProblemList): void {
  const expected = basename(parsed.file, '.yml');
  if (code.id !== expected) {
    problems.add(parsed, ['id'], 'codebook/file-name-mismatch', `id "${code.id}" does not match the file name "${expected}.yml"; rename the file to ${code.id}.yml or change the id`);
  }
  if (manifest && !manifest.standards.some((s) => s.id === code.standard)) {
    problems.add(parsed, ['standard'], 'codebook/unknown-standard', `standard "${code.standard}" is not declared in codebook.yml; use one of: ${manifest.standards.map((s) => s.id).join(', ')}`);
  }
  const matcherIds = new Set<string>();
  code.matchers.forEach((matcher, i) => {
    if (matcherIds.has(matcher.id)) problems.add(parsed, ['matchers', i, 'id'], 'codebook/duplicate-id', `matcher id "${matcher.id}" is used twice in this code; give each matcher its own id`);
    matcherIds.add(matcher.id);
    if (matcher.regex !== undefined) checkRegex(parsed, ['matchers', i, 'regex'], matcher.regex, problems);
    matcher.unless?.forEach((u, j) => checkRegex(parsed, ['matchers', i, 'unless', j], u, problems));
    if (matcher.previous !== undefined) checkRegex(parsed, ['matchers', i, 'previous'], matcher.previous, problems);
    if (matcher.classifier !== undefined) {
      for (const key of ['unless', 'previous', 'requires', 'case-sensitive'] as const) {
        if (matcher[key] !== undefined) {
          problems.add(parsed, ['matchers', i], 'codebook/invalid-value', `matcher "${matcher.id}" is a classifier, which reads the whole turn, so \`${key}\` does not apply to it; remove \`${key}\` (a classifier matcher takes id, weight and note)`, key);
        }
      }
    }
    if (matcher.pattern !== undefined) {
      const why = patternProblem(matcher.pattern);
      if (why) problems.add(parsed, ['matchers', i, 'pattern'], 'codebook/invalid-pattern', `pattern ${shortValue(matcher.pattern)} does not compile: ${why}`);
    }
  });
  (['positive', 'negative'] as const).forEach((kind) =>
    code.examples[kind].forEach((example, i) => {
      if (example.evidence !== undefined && !example.text.includes(example.evidence)) {
        problems.add(parsed, ['examples', kind, i, 'evidence'], 'codebook/evidence-not-in-text', `evidence ${shortValue(example.evidence)} is not part of the example text; copy the exact words from the text`);
      }
    }),
  );
}

interface TermUse {
  code: CodeDefinition;
  matcherIndex: number;
  term: string;
  noted: boolean;
}

function checkOppositeTerms(codes: CodeDefinition[], parsedByCode: Map<string, ParsedFile>, problems: ProblemList): void {
  const uses = new Map<string, TermUse[]>();
  for (const code of codes) {
    code.matchers.forEach((matcher, matcherIndex) => {
      for (const term of matcher.lexicon ?? []) {
        const key = lexiconTermKey(term);
        const list = uses.get(key) ?? [];
        list.push({ code, matcherIndex, term, noted: matcher.note !== undefined });
        uses.set(key, list);
      }
    });
  }
  for (const list of uses.values()) {
    const meets = list.filter((u) => u.code.polarity === 'meets');
    const drifts = list.filter((u) => u.code.polarity === 'drifts');
    if (meets.length === 0 || drifts.length === 0) continue;
    for (const use of list) {
      if (use.noted) continue;
      const other = (use.code.polarity === 'meets' ? drifts : meets)[0];
      const parsed = parsedByCode.get(use.code.id);
      if (!parsed || !other) continue;
      problems.add(
        parsed,
        ['matchers', use.matcherIndex, 'lexicon'],
        'codebook/opposite-polarity-term',
        `lexicon term "${use.term}" also appears in "${other.code.id}" with the opposite polarity; remove one, or add a \`note\` to the matcher explaining how the two uses differ`,
      );
    }
  }
}

/** The model file, when there is one; a model that does not fit the codebook is an error of its own. */
function readModel(dir: string, manifest: ManifestDefinition): { file: string; model: ClassifierModel } | undefined {
  const file = join(dir, CLASSIFIER_MODEL_PATH);
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PeerFidelityError('codebook/invalid-model', `cannot read ${file} (${(error as Error).message}); check that it is readable, or delete it to code with the rules only`, { location: { file } });
  }
  const model = parseClassifierModel(text, file);
  checkModelFits(model, { id: manifest.id, version: manifest.version, codes: manifest.codes }, file, dir);
  return { file, model };
}

/** A code that declares a classifier matcher needs the model to have a classifier for it. */
function checkDeclaredClassifiers(codes: CodeDefinition[], parsedByCode: Map<string, ParsedFile>, model: ClassifierModel | undefined, dir: string, problems: ProblemList): void {
  for (const code of codes) {
    code.matchers.forEach((matcher, i) => {
      if (matcher.classifier === undefined || model?.codes[code.id]) return;
      const parsed = parsedByCode.get(code.id);
      if (!parsed) return;
      const why = model ? `${CLASSIFIER_MODEL_PATH} has no classifier for "${code.id}"` : `there is no ${CLASSIFIER_MODEL_PATH} in the codebook folder`;
      problems.add(
        parsed,
        ['matchers', i],
        'codebook/missing-model',
        `matcher "${matcher.id}" is a classifier, but ${why}; train one with \`peer-fidelity train --codebook ${dir} --codes ${code.id} --gold <sheets> --transcripts <paths>\`, or remove the matcher`,
      );
    });
  }
}

/** Loads and validates a codebook folder; throws one PeerFidelityError listing every problem. */
export function readCodebookSource(dir: string, options: ReadCodebookOptions = {}): CodebookSource {
  const problems = new ProblemList();
  const manifestFile = join(dir, 'codebook.yml');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PeerFidelityError('codebook/not-found', `no codebook folder at ${dir}; give the folder that holds codebook.yml (for example codebooks/mead-macneil)`);
  }
  if (!existsSync(manifestFile)) {
    throw new PeerFidelityError('codebook/no-manifest', `${dir} has no codebook.yml; run \`peer-fidelity codebook init ${dir}\` to create one`, { location: { file: manifestFile } });
  }
  const manifestParsed = readYaml(manifestFile, problems);
  const manifest = manifestParsed ? schemaProblems(manifestParsed, manifestSchema, problems) : undefined;
  const parsedFiles = new Map<string, ParsedFile>();
  parsedFiles.set(manifestFile, manifestParsed as ParsedFile);

  if (manifest && manifestParsed) {
    const seen = new Set<string>();
    manifest.standards.forEach((s, i) => {
      if (seen.has(s.id)) manifestParsed && problems.add(manifestParsed, ['standards', i, 'id'], 'codebook/duplicate-id', `standard id "${s.id}" is declared twice; keep one`);
      seen.add(s.id);
    });
    const listed = new Set<string>();
    manifest.codes.forEach((id, i) => {
      if (listed.has(id)) problems.add(manifestParsed, ['codes', i], 'codebook/duplicate-id', `code "${id}" is listed twice in codes; keep one`);
      listed.add(id);
      if (!existsSync(join(dir, 'codes', `${id}.yml`))) {
        problems.add(manifestParsed, ['codes', i], 'codebook/missing-code-file', `code "${id}" is listed but codes/${id}.yml does not exist; create it or remove the id from the list`);
      }
    });
  }

  const codesDir = join(dir, 'codes');
  const codeFiles = existsSync(codesDir) ? readdirSync(codesDir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort() : [];
  const codes: CodeDefinition[] = [];
  const files = new Map<string, string>();
  const parsedByCode = new Map<string, ParsedFile>();
  for (const name of codeFiles) {
    const file = join(codesDir, name);
    const parsed = readYaml(file, problems);
    if (!parsed) continue;
    parsedFiles.set(file, parsed);
    const code = schemaProblems(parsed, codeSchema, problems);
    if (!code) continue;
    if (name.endsWith('.yaml')) problems.add(parsed, [], 'codebook/file-name-mismatch', `code files end in .yml; rename ${name} to ${basename(name, '.yaml')}.yml`);
    if (files.has(code.id)) {
      problems.add(parsed, ['id'], 'codebook/duplicate-id', `code id "${code.id}" is already used by ${files.get(code.id)}; code ids must be unique`);
      continue;
    }
    checkCode(parsed, code, manifest, problems);
    if (manifest && !manifest.codes.includes(code.id)) {
      problems.add(parsed, ['id'], 'codebook/unlisted-code', `code "${code.id}" is not listed under codes in codebook.yml; add it there (the list sets the order)`);
    }
    codes.push(code);
    files.set(code.id, file);
    parsedByCode.set(code.id, parsed);
  }
  checkOppositeTerms(codes, parsedByCode, problems);
  // The model is read only for a codebook that is otherwise sound: its checks compare it with the codes.
  let model: { file: string; model: ClassifierModel } | undefined;
  if (manifest && problems.items.length === 0 && options.models !== false) {
    model = readModel(dir, manifest);
    checkDeclaredClassifiers(codes, parsedByCode, model?.model, dir, problems);
  }

  if (problems.items.length > 0 || !manifest) {
    const n = problems.items.length;
    throw new PeerFidelityError('codebook/invalid', `the codebook in ${dir} has ${n} problem${n === 1 ? '' : 's'}; nothing was coded`, {
      details: problems.items,
    });
  }
  const order = new Map(manifest.codes.map((id, i) => [id, i]));
  codes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return {
    dir,
    manifest,
    codes,
    files,
    ...(model ? { model } : {}),
    locate: (file, path) => {
      const parsed = parsedFiles.get(file);
      return parsed ? position(parsed, path) : {};
    },
  };
}
