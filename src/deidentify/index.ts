// Masks names, emails, phone numbers and web addresses in quoted text, with consistent placeholders like [NAME 1].
import { nlp } from '../core/nlp.js';
import type { Transcript } from '../core/types.js';

/** Carried by every output that contains de-identified text. */
export const DEIDENTIFICATION_NOTICE = 'Automated de-identification is incomplete. Review before sharing.';

export type PlaceholderKind = 'NAME' | 'EMAIL' | 'PHONE' | 'URL';

export interface DeidentifyOptions {
  /** Names known to be in the text (speaker labels, a roster): the main signal. */
  names?: readonly string[];
  /** Also mask what compromise recognises as people's names (a secondary net; default true). */
  detectPeople?: boolean;
}

export interface Deidentifier {
  /** The text with identifiers replaced; the same value always gets the same placeholder. */
  mask(text: string): string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"“”]+/gi;
// NANP shapes ((413) 555-0199, 413.555.0199, +1 413 555 0199) and international ones (+44 20 7946 0958).
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?!\w)/g;
const PLACEHOLDER = /\[(?:NAME|EMAIL|PHONE|URL) \d+\]/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'’"]+$/;

// Parts of speaker labels that describe a role rather than name a person.
const NOT_NAMES = new Set([
  'peer', 'helper', 'helpee', 'supporter', 'supported', 'staff', 'facilitator', 'member', 'person', 'speaker',
  'worker', 'specialist', 'mentor', 'coach', 'group', 'team', 'participant', 'interviewer', 'narrator', 'unknown',
  'dr', 'mr', 'mrs', 'ms', 'mx', 'the', 'and', 'of', 'a', 'an',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isNameToken(token: string): boolean {
  return token.length >= 2 && /^\p{L}/u.test(token) && !NOT_NAMES.has(token.toLowerCase().replace(/\.$/, ''));
}

/** Speaker labels from transcripts, for use as the de-identifier's list of known names. */
export function speakerNames(transcripts: readonly Transcript[]): string[] {
  const names = new Set<string>();
  for (const t of transcripts) for (const turn of t.turns) if (turn.speaker.trim()) names.add(turn.speaker.trim());
  return [...names].sort();
}

export function createDeidentifier(options: DeidentifyOptions = {}): Deidentifier {
  const counters: Record<PlaceholderKind, number> = { NAME: 0, EMAIL: 0, PHONE: 0, URL: 0 };
  const assigned = new Map<string, string>();
  const placeholder = (kind: PlaceholderKind, value: string): string => {
    const key = `${kind}:${value.toLowerCase().replace(/\s+/g, ' ')}`;
    let p = assigned.get(key);
    if (p === undefined) {
      counters[kind] += 1;
      p = `[${kind} ${counters[kind]}]`;
      assigned.set(key, p);
    }
    return p;
  };

  // A full name and each of its name-like parts map to the full name's placeholder, so "Maria" and
  // "Maria Lopez" read as the same person. A part shared by two names keeps a placeholder of its own.
  const owners = new Map<string, Set<string>>();
  const fullNames = [...new Set((options.names ?? []).map((n) => n.trim().replace(/\s+/g, ' ')))].filter((n) =>
    n.split(' ').some(isNameToken),
  );
  for (const name of fullNames) {
    for (const token of name.split(' ').filter(isNameToken)) {
      const set = owners.get(token.toLowerCase()) ?? new Set<string>();
      set.add(name);
      owners.set(token.toLowerCase(), set);
    }
  }
  const aliases = new Map<string, string>();
  for (const name of fullNames) aliases.set(name.toLowerCase(), name);
  for (const [token, set] of owners) if (!aliases.has(token)) aliases.set(token, set.size === 1 ? [...set][0] as string : token);
  const roster = [...aliases.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const rosterPattern = roster.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${roster.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu') : undefined;

  const detectPeople = options.detectPeople ?? true;

  return {
    mask(text: string): string {
      let out = text.replace(EMAIL, (m) => placeholder('EMAIL', m));
      out = out.replace(URL, (m) => {
        const trail = TRAILING_PUNCTUATION.exec(m)?.[0] ?? '';
        const url = m.slice(0, m.length - trail.length);
        return placeholder('URL', url) + trail;
      });
      out = out.replace(PHONE, (m) => placeholder('PHONE', m.replace(/\D/g, '')));
      if (rosterPattern) out = out.replace(rosterPattern, (m) => placeholder('NAME', aliases.get(m.toLowerCase()) ?? m));
      if (detectPeople) out = maskPeople(out, (name) => placeholder('NAME', aliases.get(name.toLowerCase()) ?? name));
      return out;
    },
  };
}

interface Span {
  start: number;
  end: number;
}

function placeholderSpans(text: string): Span[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/** compromise's `.people()` as a second net; spans come from term offsets so trailing punctuation stays. */
function maskPeople(text: string, replace: (name: string) => string): string {
  const taken = placeholderSpans(text);
  const found: Span[] = [];
  const people = nlp()(text).people().json({ offset: true }) as { terms?: { offset?: { start: number; length: number } }[] }[];
  for (const person of people) {
    const terms = (person.terms ?? []).map((t) => t.offset).filter((o): o is { start: number; length: number } => o !== undefined);
    const first = terms[0];
    const last = terms.at(-1);
    if (!first || !last) continue;
    let span = { start: first.start, end: last.start + last.length };
    const raw = text.slice(span.start, span.end);
    const trimmed = raw.replace(TRAILING_PUNCTUATION, '');
    span = { start: span.start, end: span.start + trimmed.length };
    if (!trimmed.split(/\s+/).some(isNameToken)) continue;
    if (taken.some((t) => t.start < span.end && span.start < t.end)) continue;
    found.push(span);
  }
  let out = '';
  let at = 0;
  for (const span of found.sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + replace(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}
