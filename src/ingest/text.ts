// Plain-text reader: "Speaker: text" dialogues, Otter blocks, or a story told in paragraphs.
import { parseSeconds } from './normalise.js';
import type { FileReport } from './report.js';
import { labelKey, resolveRole } from './roles.js';
import type { ParseOptions, RawTranscript, RawTurn } from './types.js';

/** Words that end in a colon in ordinary prose or headers but are not people. */
export const NOT_SPEAKERS: ReadonlySet<string> = new Set([
  'note', 'notes', 'nb', 'ps', 're', 'date', 'time', 'title', 'subject', 'location', 'duration', 'source',
  'example', 'for example', 'e g', 'update', 'edit', 'warning', 'tip', 'step', 'page', 'chapter', 'summary',
  'inaudible', 'laughter', 'laughs', 'crosstalk', 'music', 'silence', 'pause', 'applause', 'noise',
  'unintelligible', 'background noise', 'transcript', 'meeting transcript',
]);

const NAME_CHARS = /^[\p{L}\p{M}\p{N} .,'’\-_@&()#]+$/u;

/** A label that could be a person or role: short, starts with a capital, at most five words. */
export function looksLikeName(label: string): boolean {
  const l = label.trim();
  return (
    l.length > 0 &&
    l.length <= 40 &&
    /^[\p{Lu}\p{Lt}\p{Lo}]/u.test(l) &&
    NAME_CHARS.test(l) &&
    l.split(/\s+/).length <= 5 &&
    !NOT_SPEAKERS.has(labelKey(l))
  );
}

const TIME = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const TIMED_LABEL = new RegExp(String.raw`^\[?(${TIME})\]?\s+(?:-\s*)?(.+?)\s*[:;](?:\s+|$)(.*)$`, 'u');
const BRACKET_LABEL = /^\[([^\]]+)\]\s*(.*)$/u;
const ONLY_TIME = new RegExp(String.raw`^${TIME}$`);
const COLON_LABEL = /^([^:;]+?)\s*[:;](?:\s+|$)(.*)$/u;
const OTTER_HEADER = new RegExp(String.raw`^(.+?)\s+(${TIME})$`, 'u');
const ARTIFACT = /^(?:\d{1,4}|page \d+(?: of \d+)?|-\s?\d+\s?-|transcribed by https?:\/\/otter\.ai)$/i;

interface Label {
  speaker: string;
  text: string;
  start?: number;
}

function labelOf(line: string): Label | undefined {
  let m = TIMED_LABEL.exec(line);
  if (m && looksLikeName(m[2] ?? '')) {
    const label: Label = { speaker: m[2] ?? '', text: m[3] ?? '' };
    const start = parseSeconds(m[1] ?? '');
    if (start !== undefined) label.start = start;
    return label;
  }
  m = BRACKET_LABEL.exec(line);
  if (m && looksLikeName(m[1] ?? '') && !ONLY_TIME.test(m[1] ?? '')) return { speaker: m[1] ?? '', text: m[2] ?? '' };
  m = COLON_LABEL.exec(line);
  if (m && looksLikeName(m[1] ?? '')) return { speaker: m[1] ?? '', text: m[2] ?? '' };
  return undefined;
}

/** "Peer Helper 3 What do you…": a known label with no punctuation, followed by a capitalised word. */
function knownLabelOf(line: string, roles: ParseOptions['roles']): Label | undefined {
  if (!/^[\p{Lu}\p{Lt}]/u.test(line)) return undefined;
  const words = line.split(' ');
  for (let k = Math.min(5, words.length - 1); k >= 1; k--) {
    const candidate = words.slice(0, k).join(' ');
    const next = words[k] ?? '';
    if (!/^[\p{Lu}\p{Lt}"“‘'¿¡]/u.test(next)) continue;
    const resolved = resolveRole(candidate, roles ? { roles } : {});
    if (resolved.source !== 'unmapped' && looksLikeName(candidate)) return { speaker: candidate, text: words.slice(k).join(' ') };
  }
  return undefined;
}

function otterHeaderOf(line: string): Label | undefined {
  const m = OTTER_HEADER.exec(line);
  if (!m || !looksLikeName(m[1] ?? '')) return undefined;
  const label: Label = { speaker: m[1] ?? '', text: '' };
  const start = parseSeconds(m[2] ?? '');
  if (start !== undefined) label.start = start;
  return label;
}

type Mode = 'dialogue' | 'otter' | 'story';

function chooseMode(lines: string[]): Mode {
  let labelled = 0;
  let otter = 0;
  let nonBlank = 0;
  const speakers = new Set<string>();
  for (const line of lines) {
    if (!line || ARTIFACT.test(line)) continue;
    nonBlank++;
    const label = labelOf(line);
    if (label) {
      labelled++;
      speakers.add(labelKey(label.speaker));
    } else if (otterHeaderOf(line)) otter++;
  }
  if (otter > 0 && otter >= labelled) return 'otter';
  if (labelled === 0) return 'story';
  const share = labelled / nonBlank;
  // One stray "Name: …" sentence in a story must not turn the whole story into a dialogue.
  return share >= 0.5 || (labelled >= 2 && speakers.size >= 2 && share >= 0.25) ? 'dialogue' : 'story';
}

/** Reads normalised text (LF line ends) into one transcript. */
export function readText(text: string, report: FileReport, options: ParseOptions): RawTranscript[] {
  const lines = text.split('\n');
  const mode = chooseMode(lines.map((l) => l.trim()));
  const turns: RawTurn[] = [];
  let current: RawTurn | undefined;
  let preamble: number | undefined;
  let paragraphBreak = true;

  const append = (turn: RawTurn, more: string): void => {
    turn.text = turn.text ? `${turn.text} ${more}` : more;
  };
  const open = (label: Label, line: number): RawTurn => {
    const turn: RawTurn = { speaker: label.speaker, text: label.text.trim(), line };
    if (label.start !== undefined) turn.start = label.start;
    turns.push(turn);
    return turn;
  };

  lines.forEach((raw, i) => {
    const line = raw.trim();
    const lineNo = i + 1;
    if (!line) {
      paragraphBreak = true;
      return;
    }
    if (ARTIFACT.test(line)) {
      report.warn('ingest/artifact', lineNo, `Line ${lineNo} ("${line}") looks like a page number or an export footer, not something anyone said, so it was dropped. Delete it from the file to silence this warning.`);
      return;
    }
    if (mode === 'story') {
      if (paragraphBreak || !current) current = open({ speaker: 'narrator', text: line }, lineNo);
      else append(current, line);
      paragraphBreak = false;
      return;
    }
    const label = mode === 'otter' ? otterHeaderOf(line) : (labelOf(line) ?? knownLabelOf(line, options.roles));
    if (label) current = open(label, lineNo);
    else if (current) append(current, line);
    else if (preamble === undefined) preamble = lineNo;
  });

  if (preamble !== undefined) {
    report.warn(
      'ingest/no-speaker',
      preamble,
      `Text from line ${preamble} comes before the first speaker label, so it was skipped. Start each turn with "Speaker: …" or remove the heading.`,
    );
    report.skipTurn(preamble, 'text before the first speaker label');
  }
  return [{ meta: {}, line: 1, turns }];
}
