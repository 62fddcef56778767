// compromise, loaded on first use: it takes most of a second to load, and most runs never need it.
import { createRequire } from 'node:module';
import type Nlp from 'compromise';

let loaded: typeof Nlp | undefined;

/** The compromise `nlp` function (its bundled CommonJS build, loaded synchronously the first time). */
export function nlp(): typeof Nlp {
  loaded ??= createRequire(import.meta.url)('compromise') as typeof Nlp;
  return loaded;
}
