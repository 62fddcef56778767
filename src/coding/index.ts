// Public entry of the coding engine.
export { codeTranscript, LONG_TURN_CHARACTERS, type CodingOptions } from './engine.js';
export type { CompiledCode, CompiledCodebook } from './compiled.js';
export { analyzeTurn, splitSentences, tokenize, type Sentence, type Token } from './analyze.js';
export { detectModifiers, questionType } from './modifiers.js';
