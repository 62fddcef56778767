// The words a regex cannot match without (its required literals), read from its source, so a sentence lacking all of them skips it.
//
// `requiredLiterals(source)` reads a JavaScript regex source (flags `iu`) and returns strings such that every match
// contains at least one of them (lower-cased), or undefined when it cannot tell. `mayMatch` is then a few
// `String.includes` calls on the folded sentence instead of running the regex. It only ever says "maybe" too often,
// never "no" wrongly: see docs/scaling.md for the rules and test/scale/literals.test.ts for the checks.

/** Strings known exactly (every string the part can match), or what any match must contain. */
interface Info {
  exact: Set<string> | null;
  required: Set<string> | null;
}

// Exactly known strings are multiplied out up to this many; a required set may hold more (a long word list).
const LIMIT = 64;
const REQUIRED_LIMIT = 4096;
/** Literals longer than this are no more selective in practice; beyond it, fewer strings are better. */
const ENOUGH = 6;
/** A literal this long already skips most sentences; among such sets the smallest is cheapest to test. */
const GOOD = 4;
/** A filter whose shortest literal is shorter than this rarely skips anything. */
const MIN_USEFUL = 3;

const EMPTY: Info = { exact: new Set(['']), required: null };
const ANY: Info = { exact: null, required: null };

/** A character as the filter sees it: ASCII letters lower-cased, caseless characters as they are, other letters unknown. */
function literal(c: string): Info {
  if (/^[A-Za-z]$/.test(c)) return { exact: new Set([c.toLowerCase()]), required: null };
  if (c.toLowerCase() === c && c.toUpperCase() === c) return { exact: new Set([c]), required: null };
  return ANY;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > LIMIT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** The shortest literal's length (capped at ENOUGH): 0 for a set that cannot filter anything. */
function score(set: Set<string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const s of set) min = Math.min(min, s.length);
  return set.size === 0 || set.size > REQUIRED_LIMIT ? 0 : Math.min(min, ENOUGH);
}

/**
 * The cheapest useful set among several, any one of which every match must satisfy: the fewest strings among
 * those whose shortest literal is at least GOOD characters long (or as long as any of them gets).
 */
function best(candidates: (Set<string> | null)[]): Set<string> | null {
  const usable = candidates.filter((c): c is Set<string> => c !== null && score(c) > 0);
  if (usable.length === 0) return null;
  const target = Math.min(GOOD, Math.max(...usable.map(score)));
  let chosen: Set<string> | null = null;
  for (const c of usable) {
    if (score(c) < target) continue;
    if (!chosen || c.size < chosen.size || (c.size === chosen.size && score(c) > score(chosen))) chosen = c;
  }
  return chosen;
}

function strongest(info: Info): Set<string> | null {
  return best([info.required, info.exact]);
}

function sequence(items: Info[]): Info {
  const candidates: (Set<string> | null)[] = [];
  let run: Set<string> | null = new Set(['']);
  let whole = true;
  for (const item of items) {
    candidates.push(item.required);
    const joined: Set<string> | null = run && item.exact ? cross(run, item.exact) : null;
    if (joined) {
      run = joined;
      continue;
    }
    // The run of exactly known parts ends here; what it matched must appear in the sentence.
    whole = false;
    if (run) candidates.push(run);
    run = item.exact ? new Set(item.exact) : new Set(['']);
  }
  if (run) candidates.push(run);
  return { exact: whole ? run : null, required: best(candidates) };
}

function alternation(alternatives: Info[]): Info {
  let exact: Set<string> | null = new Set();
  let required: Set<string> | null = new Set();
  for (const alt of alternatives) {
    exact = exact && alt.exact && exact.size + alt.exact.size <= LIMIT ? new Set([...exact, ...alt.exact]) : null;
    const own = strongest(alt);
    required = required && own ? new Set([...required, ...own]) : null;
  }
  return { exact, required: required && score(required) > 0 ? required : null };
}

function repeat(atom: Info, min: number, max: number): Info {
  if (min === 0) return { exact: max === 1 && atom.exact ? new Set([...atom.exact, '']) : null, required: null };
  return { exact: min === 1 && max === 1 ? atom.exact : null, required: strongest(atom) };
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i < this.s.length) throw new Error(`unexpected "${this.s[this.i]}" at ${this.i}`);
    return info;
  }

  private next(): string {
    const c = String.fromCodePoint(this.s.codePointAt(this.i) ?? 0);
    this.i += c.length;
    return c;
  }

  private alternation(): Info {
    const alternatives = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alternatives.push(this.sequence());
    }
    return alternatives.length === 1 ? (alternatives[0] as Info) : alternation(alternatives);
  }

  private sequence(): Info {
    const items: Info[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') items.push(this.quantified());
    return sequence(items);
  }

  private quantified(): Info {
    let atom = this.atom();
    for (;;) {
      const c = this.s[this.i];
      let bounds: [number, number] | undefined;
      if (c === '?') bounds = [0, 1];
      else if (c === '*') bounds = [0, Number.POSITIVE_INFINITY];
      else if (c === '+') bounds = [1, Number.POSITIVE_INFINITY];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
        if (!m) throw new Error(`unreadable quantifier at ${this.i}`);
        bounds = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY];
        this.i += m[0].length - 1;
      }
      if (!bounds) return atom;
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      atom = repeat(atom, bounds[0], bounds[1]);
    }
  }

  private atom(): Info {
    const c = this.s[this.i];
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape(false);
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY;
    }
    if (c === '.') {
      this.i++;
      return ANY;
    }
    return literal(this.next());
  }

  private group(): Info {
    const rest = this.s.slice(this.i);
    const look = /^\(\?(<?[=!])/.exec(rest);
    const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(rest);
    this.i += look ? look[0].length : named ? named[0].length : rest.startsWith('(?:') ? 3 : 1;
    const inner = this.alternation();
    if (this.s[this.i] !== ')') throw new Error(`unclosed group at ${this.i}`);
    this.i++;
    if (!look) return inner;
    // A lookaround matches nothing itself; a positive one still needs its text in the sentence.
    return { exact: new Set(['']), required: look[1]?.endsWith('=') ? strongest(inner) : null };
  }

  /** An escape outside or inside a class: a character (as a one-element exact set), or ANY / EMPTY. */
  private escape(inClass: boolean): Info {
    this.i++;
    const c = this.s[this.i] ?? '';
    if (c === 'b' && !inClass) {
      this.i++;
      return EMPTY;
    }
    if (c === 'B') {
      this.i++;
      return EMPTY;
    }
    if ('dDwWsS'.includes(c)) {
      this.i++;
      return ANY;
    }
    if (c === 'p' || c === 'P') {
      const close = this.s.indexOf('}', this.i);
      this.i = close + 1;
      return ANY;
    }
    if (c === 'k' || /[1-9]/.test(c)) throw new Error('back-references are not analysed');
    const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0', b: '\b' };
    if (c in controls) {
      this.i++;
      return literal(controls[c] as string);
    }
    if (c === 'x' || c === 'u') {
      const m = /^(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4}))/.exec(this.s.slice(this.i));
      if (!m) throw new Error(`unreadable escape at ${this.i}`);
      this.i += m[0].length;
      return literal(String.fromCodePoint(parseInt(m[1] ?? m[2] ?? m[3] ?? '0', 16)));
    }
    if (c === 'c') throw new Error('control escapes are not analysed');
    return literal(this.next());
  }

  private characterClass(): Info {
    this.i++;
    const negated = this.s[this.i] === '^';
    if (negated) this.i++;
    const members = new Set<string>();
    let unknown = false;
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      const start = this.member();
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.i + 1 < this.s.length) {
        this.i++;
        const end = this.member();
        const from = start?.codePointAt(0);
        const to = end?.codePointAt(0);
        if (from === undefined || to === undefined || to - from > 8) unknown = true;
        else for (let p = from; p <= to; p++) this.add(members, String.fromCodePoint(p)) || (unknown = true);
        continue;
      }
      if (start === undefined) unknown = true;
      else if (!this.add(members, start)) unknown = true;
    }
    if (this.s[this.i] !== ']') throw new Error('unclosed character class');
    this.i++;
    if (negated || unknown || members.size === 0 || members.size > 16) return ANY;
    return { exact: members, required: null };
  }

  /** One class member as a character, or undefined for a class escape such as \w. */
  private member(): string | undefined {
    if (this.s[this.i] !== '\\') return this.next();
    const info = this.escape(true);
    const only = info.exact && info.exact.size === 1 ? [...info.exact][0] : undefined;
    return only === '' ? undefined : only;
  }

  private add(members: Set<string>, c: string): boolean {
    const info = literal(c);
    if (!info.exact) return false;
    for (const m of info.exact) members.add(m);
    return true;
  }
}

/**
 * Strings (lower-case) of which every match of `source` contains at least one, or undefined when there are
 * none with a shortest literal of `minLength` or more (or the source uses something this reader does not analyse,
 * such as back-references).
 */
export function requiredLiterals(source: string, minLength = MIN_USEFUL): string[] | undefined {
  let info: Info;
  try {
    info = new Reader(source).parse();
  } catch {
    return undefined;
  }
  const set = strongest(info);
  if (!set || score(set) < minLength) return undefined;
  return [...set].sort();
}

/**
 * The sentence as the literals are compared with it: lower-cased, and long s as s, the one character outside
 * ASCII that a case-insensitive Unicode regex matches to an ASCII letter and `toLowerCase` leaves alone (K, the
 * Kelvin sign, already lower-cases to k).
 */
export function foldForLiterals(text: string): string {
  return text.toLowerCase().replace(/ſ/g, 's');
}

/** False only when the regex the literals came from cannot match `folded` (from `foldForLiterals`). */
export function mayMatch(literals: readonly string[] | undefined, folded: string): boolean {
  if (!literals) return true;
  for (const l of literals) if (folded.includes(l)) return true;
  return false;
}
