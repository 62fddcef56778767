// One pass over a sentence tells which codebook regexes could match it at all: their required literals in one Aho–Corasick automaton.
//
// The automaton is a dense table over UTF-16 code units (about 40 symbols × the trie's states), so a scan is one table
// read per character. It is written here rather than taken from a package because the packages measured were several
// times slower on this job (docs/scaling.md, "The literal scan"): modern-ahocorasick walks grapheme clusters through a
// generator, @monyone/aho-corasick allocates an object per hit, and neither folds case, which this table does for free.
import { isAscii } from './analyze.js';
import { foldForLiterals, requiredLiterals } from './literals.js';

// The characters a literal may be made of. A character outside it can never be inside a match, so every such
// character (a combining mark, half of an emoji, a joiner) is one symbol that sends the automaton back to its start.
const ALPHABET = '\\x20-\\x7e\\u2018\\u2019\\u201c\\u201d\\u2013\\u2014\\u2026';
const ONLY_ALPHABET = new RegExp(`^[${ALPHABET}]+$`);
/** The symbol of every character no literal contains. */
const OTHER = 0;

/** A filter id for a regex that has no usable literals: it may match anything. */
export const ALWAYS = -1;

interface Automaton {
  /** Code unit → symbol; ASCII capitals share their lower-case letter's symbol. */
  symbolOf: Uint8Array;
  symbols: number;
  /** next[state × symbols + symbol]: the state after reading the symbol (failure links already followed). */
  next: Int32Array;
  /** Per state, the first state on its chain of suffixes (itself included) at which a literal ends, or −1. */
  firstOutput: Int32Array;
  /** Per state, the next shorter suffix state at which a literal ends, or −1. */
  nextOutput: Int32Array;
  /** The filters of the literal ending at each state: filterIds[filterStart[s] … filterStart[s + 1]). */
  filterStart: Int32Array;
  filterIds: Int32Array;
  /** Per state, the scan that last reported its literal. */
  reportedIn: Int32Array;
}

export class LiteralIndex {
  /** Literal → the filters it lets through. */
  private readonly filtersOf = new Map<string, number[]>();
  private automaton: Automaton | undefined;
  private filters = 0;
  private scans = 0;

  /** Registers a regex source; returns the id to ask `scan` about, or ALWAYS when the regex must always run. */
  add(source: string): number {
    if (this.automaton) throw new Error('LiteralIndex: add() after the first scan()');
    // Any length will do: the automaton costs the same for short literals, and a short one still filters something.
    const literals = requiredLiterals(source, 1);
    if (!literals || !literals.every((l) => ONLY_ALPHABET.test(l))) return ALWAYS;
    const id = this.filters++;
    for (const literal of literals) {
      const ids = this.filtersOf.get(literal) ?? [];
      ids.push(id);
      this.filtersOf.set(literal, ids);
    }
    return id;
  }

  get size(): number {
    return this.filters;
  }

  /**
   * For each filter id, 1 when its regex may match `text`, 0 when it surely cannot (written into `into` when given);
   * the ids of the 1s are also pushed onto `passed` when given.
   */
  scan(text: string, into?: Uint8Array, passed?: number[]): Uint8Array {
    // Built on first use, so loading a codebook only to check or document it costs nothing here.
    const a = (this.automaton ??= buildAutomaton(this.filtersOf));
    const may = into ?? new Uint8Array(this.filters);
    may.fill(0);
    if (this.filters === 0) return may;
    // ASCII text is folded by the symbol table itself; other text is lower-cased first (ſ, K and İ fold into ASCII).
    const folded = isAscii(text) ? text : foldForLiterals(text);
    const { symbolOf, symbols, next, firstOutput, nextOutput, filterStart, filterIds } = a;
    // A literal already reported in this text needs no second report, nor do its suffixes (reported with it).
    if (++this.scans === 0x7fffffff) {
      a.reportedIn.fill(0);
      this.scans = 1;
    }
    const { reportedIn } = a;
    let state = 0;
    for (let i = 0; i < folded.length; i++) {
      state = next[state * symbols + symbolOf[folded.charCodeAt(i)]!]!;
      for (let s = firstOutput[state]!; s !== -1 && reportedIn[s] !== this.scans; s = nextOutput[s]!) {
        reportedIn[s] = this.scans;
        for (let k = filterStart[s]!; k < filterStart[s + 1]!; k++) {
          const id = filterIds[k]!;
          if (may[id] === 1) continue;
          may[id] = 1;
          passed?.push(id);
        }
      }
    }
    return may;
  }
}

function buildAutomaton(filtersOf: ReadonlyMap<string, number[]>): Automaton {
  const symbolOf = new Uint8Array(0x10000);
  let symbols = 1;
  for (const literal of filtersOf.keys()) {
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      if (symbolOf[c] === OTHER) symbolOf[c] = symbols++;
    }
  }
  for (let c = 0x41; c <= 0x5a; c++) symbolOf[c] = symbolOf[c + 0x20]!;

  // The trie, with its transitions as maps while it grows.
  const children: Map<number, number>[] = [new Map()];
  const literalAt: (number[] | undefined)[] = [undefined];
  for (const [literal, ids] of filtersOf) {
    let node = 0;
    for (let i = 0; i < literal.length; i++) {
      const symbol = symbolOf[literal.charCodeAt(i)]!;
      let child = children[node]!.get(symbol);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        literalAt.push(undefined);
        children[node]!.set(symbol, child);
      }
      node = child;
    }
    literalAt[node] = ids;
  }

  // States are the trie's nodes numbered breadth first: each state's failure state (its longest proper suffix in the
  // trie) is finished before it, and the shallow states a scan visits most sit together at the start of the table.
  const states = children.length;
  const nodeOf = [0];
  const stateOf = new Int32Array(states);
  for (let head = 0; head < nodeOf.length; head++) {
    for (const child of children[nodeOf[head]!]!.values()) {
      stateOf[child] = nodeOf.length;
      nodeOf.push(child);
    }
  }
  const next = new Int32Array(states * symbols);
  const failure = new Int32Array(states);
  const firstOutput = new Int32Array(states).fill(-1);
  const nextOutput = new Int32Array(states).fill(-1);
  for (let state = 0; state < states; state++) {
    const node = nodeOf[state]!;
    const fail = failure[state]!;
    if (state !== 0) {
      nextOutput[state] = firstOutput[fail]!;
      firstOutput[state] = literalAt[node] ? state : nextOutput[state]!;
    }
    for (let symbol = 0; symbol < symbols; symbol++) {
      const child = children[node]!.get(symbol);
      if (child === undefined) {
        next[state * symbols + symbol] = state === 0 ? 0 : next[fail * symbols + symbol]!;
      } else {
        next[state * symbols + symbol] = stateOf[child]!;
        failure[stateOf[child]!] = state === 0 ? 0 : next[fail * symbols + symbol]!;
      }
    }
  }
  const filterStart = new Int32Array(states + 1);
  for (let state = 0; state < states; state++) filterStart[state + 1] = filterStart[state]! + (literalAt[nodeOf[state]!]?.length ?? 0);
  const filterIds = new Int32Array(filterStart[states]!);
  for (let state = 0; state < states; state++) filterIds.set(literalAt[nodeOf[state]!] ?? [], filterStart[state]!);
  return { symbolOf, symbols, next, firstOutput, nextOutput, filterStart, filterIds, reportedIn: new Int32Array(states) };
}
