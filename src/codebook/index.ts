// Public entry of the codebook module: load, validate, self-test and compile codebooks.
import { fileURLToPath } from 'node:url';
import type { CompiledCodebook } from '../coding/compiled.js';
import { compileCodebook } from './compile.js';
import { readCodebookSource } from './load.js';

export type { CompiledCodebook } from '../coding/compiled.js';
export { readCodebookSource, type CodebookSource, type CodebookProblem } from './load.js';
export { compileCodebook } from './compile.js';

/** The shipped Mead & MacNeil codebook's folder. */
export function defaultCodebookDir(): string {
  return fileURLToPath(new URL('../../codebooks/mead-macneil', import.meta.url));
}

/** Reads, validates and compiles a codebook folder; throws a PeerFidelityError listing every problem. */
export async function loadCodebook(dir: string): Promise<CompiledCodebook> {
  return compileCodebook(readCodebookSource(dir));
}
