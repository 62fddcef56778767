// Caption readers (WebVTT via webvtt-parser, SRT by hand): cues → turns, one turn per run of a speaker.
import webvtt, { type VttNode } from 'webvtt-parser';
import entities from 'webvtt-parser/html-entities.json' with { type: 'json' };
import { decodeEntities } from './normalise.js';
import { labelKey } from './roles.js';
import type { FileReport } from './report.js';
import { NOT_SPEAKERS } from './text.js';
import type { RawTranscript, RawTurn } from './types.js';

interface Segment {
  speaker?: string;
  text: string;
}

interface Cue {
  start: number;
  end: number;
  line: number;
  segments: Segment[];
}

/** Zoom and Otter put "Name: " before the words; the name may be lower case or a number. */
const PREFIX = /^([^:\n]{1,60}?):\s+(.*)$/u;

function prefixOf(line: string): Segment | undefined {
  const m = PREFIX.exec(line);
  const name = m?.[1]?.trim() ?? '';
  if (!m || !name || name.split(/\s+/).length > 6 || /^https?$/i.test(name) || NOT_SPEAKERS.has(labelKey(name))) return undefined;
  return { speaker: name, text: m[2] ?? '' };
}

/** Splits cue lines into segments wherever a line starts with "Name: ". */
function segmentsOf(lines: string[], voice: string | undefined, out: Segment[]): void {
  let current: Segment | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const prefixed = voice === undefined ? prefixOf(line) : undefined;
    if (prefixed) out.push((current = prefixed));
    else if (current) current.text = current.text ? `${current.text} ${line}` : line;
    else out.push((current = voice === undefined ? { text: line } : { speaker: voice, text: line }));
  }
}

function flatten(nodes: VttNode[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'text' ? String(n.value ?? '') : n.type === 'object' ? flatten(n.children) : '')).join('');
}

/** Consecutive cues of one named speaker become one turn; cues with no name stay apart. */
function cuesToTurns(cues: Cue[], report: FileReport): RawTurn[] {
  const turns: RawTurn[] = [];
  let last: { turn: RawTurn; named: boolean } | undefined;
  let unnamed = 0;
  for (const cue of cues) {
    for (const segment of cue.segments) {
      const named = segment.speaker !== undefined && segment.speaker.trim() !== '';
      if (named && last?.named && last.turn.speaker === segment.speaker) {
        last.turn.text = last.turn.text ? `${last.turn.text} ${segment.text}` : segment.text;
        last.turn.end = cue.end;
        continue;
      }
      if (!named) unnamed++;
      const turn: RawTurn = { speaker: named ? (segment.speaker ?? '') : 'unknown', text: segment.text, line: cue.line, start: cue.start, end: cue.end };
      turns.push(turn);
      last = { turn, named };
    }
  }
  const first = turns.find((t) => t.speaker === 'unknown');
  if (unnamed > 0 && first) {
    report.warn(
      'ingest/missing-speaker',
      first.line,
      `${unnamed} caption cue(s) name no speaker (first at line ${first.line}); they are kept with speaker "unknown". Export captions with speaker names (<v Name> or "Name: ") to get roles.`,
    );
  }
  return turns;
}

interface Block {
  line: number;
  key: string;
  hasText: boolean;
  used: boolean;
}

/** Finds every cue block by its "-->" line so parsed cues can be put back in file order with lines. */
function scanVttBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('-->')) return;
    const prev = i > 0 ? (lines[i - 1] ?? '') : '';
    const id = prev !== '' && !prev.includes('-->') ? prev : '';
    const text: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j] !== '' && !(lines[j] ?? '').includes('-->'); j++) text.push(lines[j] ?? '');
    blocks.push({ line: i + 1, key: `${id}\0${text.join('\n')}`, hasText: text.some((t) => t.trim()), used: false });
  });
  return blocks;
}

export function readVtt(text: string, report: FileReport): RawTranscript[] {
  const parser = new webvtt.WebVTTParser(entities);
  let parsed: ReturnType<typeof parser.parse>;
  try {
    parsed = parser.parse(text, 'metadata');
  } catch (error) {
    report.error('ingest/unreadable-captions', 1, `The WebVTT file could not be read (${(error as Error).message}). Check that it starts with "WEBVTT".`);
    return [];
  }
  const blocks = scanVttBlocks(text.split('\n'));
  const byKey = new Map<string, Block[]>();
  for (const block of blocks) {
    const list = byKey.get(block.key);
    if (list) list.push(block);
    else byKey.set(block.key, [block]);
  }
  const cues: Cue[] = parsed.cues.map((cue) => {
    const block = byKey.get(`${cue.id}\0${cue.text}`)?.find((b) => !b.used);
    if (block) block.used = true;
    const segments: Segment[] = [];
    for (const node of cue.tree.children) {
      if (node.type === 'object' && node.name === 'v') segmentsOf(flatten(node.children).split('\n'), String(node.value ?? '').trim() || undefined, segments);
      else segmentsOf(flatten([node]).split('\n'), undefined, segments);
    }
    return { start: cue.startTime, end: cue.endTime, line: block?.line ?? 0, segments };
  });
  // webvtt-parser sorts cues by time; the file's own order is the order people spoke in.
  cues.forEach((cue, i) => {
    if (cue.line === 0) cue.line = cues[i - 1]?.line ?? 1;
  });
  cues.sort((a, b) => a.line - b.line);
  const lost = new Set(blocks.filter((b) => !b.used).map((b) => b.line));
  for (const e of parsed.errors) {
    const outcome = lost.has(e.line) ? 'this cue was skipped' : 'the cue was kept';
    report.warn('ingest/caption-cue', e.line, `Caption problem at line ${e.line}: ${e.message.replace(/\.$/, '')} (${outcome}).`);
  }
  for (const block of blocks) {
    if (!block.used && block.hasText) report.skipTurn(block.line, 'caption cue could not be read');
  }
  return [{ meta: {}, line: 1, turns: cuesToTurns(cues, report) }];
}

const SRT_TIME = /^\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})\s*-->\s*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})/;

function seconds(h: string, m: string, s: string, ms: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms.padEnd(3, '0')) / 1000;
}

export function readSrt(text: string, report: FileReport): RawTranscript[] {
  const lines = text.split('\n');
  const cues: Cue[] = [];
  let previousStart = 0;
  for (let i = 0; i < lines.length; ) {
    if (!(lines[i] ?? '').trim()) {
      i++;
      continue;
    }
    const first = i;
    const block: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim()) block.push(lines[i++] ?? '');
    const k = /^\s*\d+\s*$/.test(block[0] ?? '') ? 1 : 0;
    const time = SRT_TIME.exec(block[k] ?? '');
    const line = first + k + 1;
    if (!time) {
      report.warn('ingest/caption-cue', first + 1, `Caption problem at line ${first + 1}: expected a timing line like "00:00:01,000 --> 00:00:04,000", so this cue was skipped.`);
      if (block.slice(k).some((l) => l.trim())) report.skipTurn(first + 1, 'caption cue could not be read');
      continue;
    }
    const [, h1 = '', m1 = '', s1 = '', ms1 = '', h2 = '', m2 = '', s2 = '', ms2 = ''] = time;
    const start = seconds(h1, m1, s1, ms1);
    const end = seconds(h2, m2, s2, ms2);
    if (start < previousStart) report.warn('ingest/caption-cue', line, `Caption problem at line ${line}: this cue starts before the one above it (the cue was kept in file order).`);
    if (end <= start) report.warn('ingest/caption-cue', line, `Caption problem at line ${line}: the cue ends before it starts (the cue was kept).`);
    previousStart = start;
    const body = block.slice(k + 1).map((l) => decodeEntities(l.replace(/<[^>]*>|\{\\[^}]*\}/g, '')));
    const segments: Segment[] = [];
    segmentsOf(body, undefined, segments);
    cues.push({ start, end, line, segments });
  }
  return [{ meta: {}, line: 1, turns: cuesToTurns(cues, report) }];
}
