// Small helpers that keep generated sentences correct in number and pleasant to read.
import { hashSeed } from '../aggregate/stats.js';

/** "1 conversation", "3 conversations", "0 conversations". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** The noun alone, agreeing with n. */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** "was"/"were" and friends. */
export function verb(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : plural;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** An index or rate shown to one decimal at most, dropping a trailing ".0". */
export function formatScore(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "a", "a and b", "a, b and c". */
export function listJoin(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A stable choice among phrasings, so sentences vary from item to item but not from run to run. */
export function variant<T>(key: string, options: readonly T[]): T {
  return options[hashSeed(key) % options.length] as T;
}

/** How an index reads in words; `standards` for the overall index, which speaks of several. */
export function describeIndex(value: number, standards = false): string {
  const the = standards ? 'the standards' : 'the standard';
  if (value >= 80) return `mostly in line with ${the}`;
  if (value >= 60) return `more often in line with ${the} than drifting from ${standards ? 'them' : 'it'}`;
  if (value >= 40) return 'mixed';
  return `more often drifting from ${the} than in line with ${standards ? 'them' : 'it'}`;
}

/** Numbers one to nine as words at the start of a sentence, digits otherwise. */
export function sentenceCount(n: number, singular: string, plural = `${singular}s`): string {
  const words = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine'];
  return `${n < words.length ? words[n] : formatNumber(n)} ${n === 1 ? singular : plural}`;
}
