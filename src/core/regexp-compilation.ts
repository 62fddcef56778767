// Asks V8 to compile every regular expression to machine code on first use, rather than interpret it first.
import { setFlagsFromString } from 'node:v8';

/**
 * The codebook has hundreds of large regexes, each run on few sentences (the literal filter skips the rest). Under
 * V8's default tier-up they were often run by the bytecode interpreter; compiled at once, coding is about 1.4× faster
 * (`node bench/matcher-cost.js`, with and without). Matching is the same either way. The flag is process-wide, so
 * this is called by the CLI and the coding workers, not by the library.
 */
export function compileRegexpsEagerly(): void {
  setFlagsFromString('--no-regexp-tier-up');
}
