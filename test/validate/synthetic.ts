// A seeded synthetic corpus where each code has a narrow rule and wider wordings only people (and a classifier) catch.
import { readCodingSheets } from '../../src/human/read-sheets.js';
import type { CodebookInfo, Role, Transcript } from '../../src/core/types.js';
import { seededRandom, type Random } from '../../src/core/random.js';
import { goldSet, type GoldSet } from '../../src/validate/gold.js';

const ACTS = ['walk to the park', 'cook dinner', 'go to the library', 'plant the garden', 'fix the bike', 'visit the market'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type Template = { text: (act: string, day: string) => string; codes: string[] };

/** Supporter wordings: a few the rules catch ("let's", "you should"), more they miss. */
const SUPPORTER: Template[] = [
  { text: (a) => `Let's ${a} together.`, codes: ['plans-together'] },
  { text: (a, d) => `We could ${a} together on ${d}.`, codes: ['plans-together'] },
  { text: (a, d) => `How about we ${a} on ${d}?`, codes: ['plans-together'] },
  { text: (a, d) => `Want to ${a} with me on ${d}?`, codes: ['plans-together'] },
  { text: (a) => `You should ${a} more often.`, codes: ['tells-what-to-do'] },
  { text: (a) => `You need to ${a} today.`, codes: ['tells-what-to-do'] },
  { text: (a, d) => `Make sure you ${a} before ${d}.`, codes: ['tells-what-to-do'] },
  { text: () => 'That sounds like a long week.', codes: [] },
  { text: (_a, d) => `What was ${d} like for you?`, codes: [] },
  { text: (a, d) => `I tried to ${a} on ${d} too. It was a mess.`, codes: [] },
  { text: (_a, d) => `We talked about that on ${d}.`, codes: [] },
  { text: () => 'Mm, yeah. How did it go?', codes: [] },
];
const SUPPORTED: Template[] = [
  { text: (a) => `I can help you ${a} if you like.`, codes: ['offers-help'] },
  { text: (a) => `I could show you how I ${a}.`, codes: ['offers-help'] },
  { text: () => 'It was hard.', codes: [] },
  { text: () => 'Okay.', codes: [] },
  { text: (_a, d) => `My sister called on ${d}.`, codes: [] },
  { text: () => "I don't know, honestly.", codes: [] },
];

const pick = <T,>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export interface SyntheticCorpus {
  transcripts: Transcript[];
  /** A filled coding sheet (one coder, "gold") for every turn. */
  sheet: string;
}

export function syntheticCorpus(seed: number, count: number, turns = 12): SyntheticCorpus {
  const random = seededRandom(seed);
  const transcripts: Transcript[] = [];
  const rows: string[] = [];
  for (let t = 0; t < count; t++) {
    const id = `syn-${String(t + 1).padStart(2, '0')}`;
    const list = [];
    for (let i = 0; i < turns; i++) {
      const role: Role = i % 2 === 0 ? 'supporter' : 'supported';
      const template = pick(random, role === 'supporter' ? SUPPORTER : SUPPORTED);
      const text = template.text(pick(random, ACTS), pick(random, DAYS));
      list.push({ index: i + 1, speaker: role === 'supporter' ? 'Sam' : 'Jo', role, text, sourceLine: i + 2 });
      rows.push([id, String(i + 1), ...['plans-together', 'tells-what-to-do', 'offers-help'].map((c) => (template.codes.includes(c) ? '1' : ''))].join(','));
    }
    transcripts.push({ id, source: { file: `${id}.csv`, format: 'csv' }, turns: list, meta: {} });
  }
  return { transcripts, sheet: ['transcript_id,turn,plans-together,tells-what-to-do,offers-help', ...rows].join('\n') + '\n' };
}

export function syntheticGold(corpus: SyntheticCorpus, codebook: CodebookInfo): GoldSet {
  return goldSet(readCodingSheets([{ path: 'gold.csv', content: corpus.sheet }], corpus.transcripts, codebook), codebook);
}
