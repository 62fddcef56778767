// "Did you mean…?" suggestions for ids a person typed: the known ids within a small edit distance.
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';

/** Up to `limit` known ids closest to `typed` (case-insensitive), nearest first; none when nothing is close. */
export function closeMatches(typed: string, known: readonly string[], limit = 3): string[] {
  const needle = typed.trim().toLowerCase();
  // Allow about one edit per three characters, so short ids do not match everything.
  const allowed = Math.max(1, Math.ceil(needle.length / 3));
  return known
    .map((id) => {
      const lower = id.toLowerCase();
      const distance = lower.includes(needle) || needle.includes(lower) ? 1 : DamerauLevenshteinDistance(needle, lower, { restricted: true });
      return { id, distance };
    })
    .filter((m) => m.distance <= allowed)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((m) => m.id);
}

/** " (did you mean 'a' or 'b'?)", or "" when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const matches = closeMatches(typed, known);
  if (matches.length === 0) return '';
  const quoted = matches.map((m) => `'${m}'`);
  return ` (did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?)`;
}
