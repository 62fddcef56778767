// A reproducible synthetic corpus for benchmarks and scale tests: seeded, with a realistic spread of turn lengths.
import Papa from 'papaparse';
import { randomInt, seededRandom, type Random } from '../core/random.js';

export interface SyntheticOptions {
  /** Total turns to generate. */
  turns: number;
  seed?: number;
  /** Shortest and longest conversation, in turns (default 12 and 120). */
  minTurns?: number;
  maxTurns?: number;
}

export interface SyntheticRow {
  transcript_id: string;
  turn: number;
  speaker: string;
  role: 'supporter' | 'supported';
  text: string;
  program: string;
  site: string;
  date: string;
}

export const SYNTHETIC_COLUMNS = ['transcript_id', 'turn', 'speaker', 'role', 'text', 'program', 'site', 'date'] as const;

// Most turns in recorded talk are short acknowledgements; these carry no code.
const BACKCHANNEL = [
  'yeah', 'mm-hmm', 'okay', 'right', 'yeah.', 'hmm', 'I know', 'sure', 'ok thanks', 'lol', 'mm', 'yes', 'no', 'true',
  'uh huh', 'yeah yeah', 'oh no', 'wow', 'haha yeah', 'fair enough', 'I see', 'totally', 'exactly', 'ok', 'thanks',
];

// Supporter lines: practice that meets the standards, drift toward clinical habits, and neutral talk, in spoken and chat registers.
const SUPPORTER = [
  'What was that like for you?',
  'What does it mean for you when you say it is acting up?',
  'How did that feel, being back at {place}?',
  'I wonder what you might need when you are that tired.',
  'Tell me more about what happened on {day}.',
  'I remember a time when I saw every bad night as a sign of illness.',
  'When I was in hospital I felt like nobody asked me what I wanted.',
  'I have been there too, it took me ages to stop blaming myself.',
  'Honestly I am struggling a bit with {thing} myself this week.',
  'Would you like to come with me to {place} on {day}?',
  'We could go together if that helps, no pressure.',
  'I feel kind of scared when you talk about not being here, and I want us to figure it out together.',
  'I need us to find a way to talk about this that works for both of us.',
  'It sounds like the {thing} has been weighing on you.',
  'That sounds exhausting, being up all night with your head racing.',
  'What would a good week look like for you?',
  'It is your call, you know yourself best.',
  'If you ever want to try the walking group I can show you where it is.',
  'Did you like the art class at {place}?',
  'You should really take your meds every morning.',
  'You need to call your doctor today.',
  'Have you taken your medication this week?',
  'Are you safe right now?',
  'Will you sign a safety contract with me?',
  'I need to do a quick risk assessment before we go on.',
  'Your symptoms seem worse today, honestly.',
  'You seem really symptomatic this morning.',
  'Just do what the doctor says and you will be fine.',
  'Don’t you remember what happened last time you stopped?',
  'I have been doing this for fifteen years so I know what works.',
  'One of my clients had the same problem with {thing}.',
  'My caseload is really heavy at the moment.',
  'I will let your team know about this.',
  'Your file says you missed two appointments.',
  'Try to think positive and get some sleep.',
  'Make sure you eat something before {day}.',
  'I am going to write this up in your notes.',
  'Everyone relapses, it is part of the illness.',
  'I hear you, that is a lot to carry.',
  'Thanks for telling me about {name}.',
  'Shall we meet at {place} again on {day}?',
  'I brought the leaflet about the housing group.',
  'lol same, my cat does that too',
  'u ok? been thinking about u',
  'that sounds rough tbh, want to talk about it',
  'I used to think every low day meant I was getting ill again.',
  'It took me a long time to see it differently.',
  'What helps me is going for a walk when my head gets loud.',
  'I am curious what you make of it.',
  'How are you feeling about {day}?',
];

// Lines from the person supported: experiences, feelings, their own clinical words, daily life.
const SUPPORTED = [
  'My depression is really acting up lately.',
  'My doctor says I need to increase my medication but I don’t really want to.',
  'I have been sleeping more and I don’t really feel like eating.',
  'The last time I felt like this I ended up in hospital.',
  'They changed my meds around again.',
  'I can’t go with you today, I am really tired.',
  'I had a rough night, kept waking up at three.',
  'My landlord is on my back about the rent again.',
  'I went to {place} on {day} and it was actually okay.',
  '{name} came round and we watched a film.',
  'I feel like everyone is staring at me when I go out.',
  'Work has been stressful, my manager keeps changing my shifts.',
  'I don’t know, I just feel flat.',
  'The group at {place} was nice, people were kind.',
  'I keep thinking about what {name} said.',
  'My head is all over the place today.',
  'I got the letter from the benefits office.',
  'I started drawing again, just little things.',
  'I have been hearing the voices more this week.',
  'I was scared to tell anyone.',
  'It helped to get out of the house.',
  'cant sleep, mind racing again',
  'ugh my anxiety is through the roof',
  'honestly it was a good day for once',
  'my mum called and we actually talked',
  'I missed the appointment because the bus never came.',
  'The nurse said I lack insight, whatever that means.',
  'I just want to feel normal again.',
  'I walked by the river for an hour.',
  'I think I need to slow down a bit.',
];

const STORY_OPENERS = [
  'So this is what happened.',
  'Okay so, long story.',
  'It started back in {month}.',
  'I have to tell you about {day}.',
];

const FILL = {
  place: ['the gym', 'the library', 'the drop-in', 'the park', 'the clinic', 'the café', 'the market', 'the bus station', 'the allotment'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the weekend', 'Saturday morning'],
  thing: ['housing', 'money', 'the court case', 'the new job', 'the benefits form', 'my sister', 'the move'],
  name: ['Sam', 'Ari', 'Jo', 'Priya', 'Tomás', 'Mei', 'Kwame', 'Lena', 'Dev', 'Rosa'],
  month: ['January', 'March', 'June', 'September', 'November'],
} as const;

const PROGRAMS = [
  { program: 'Riverside Peer Center', site: 'Riverside' },
  { program: 'Northgate Peer Bridge', site: 'Northgate' },
  { program: 'Hilltop Warmline', site: 'Hilltop' },
  { program: 'Harbour Recovery Network', site: 'Harbour' },
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)] as T;
}

function fill(random: Random, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, key: keyof typeof FILL) => pick(random, FILL[key]));
}

function sentences(random: Random, bank: readonly string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(fill(random, pick(random, bank)));
  return out.join(' ');
}

/**
 * One turn's text. About a third are acknowledgements ("yeah", "mm-hmm"), half are one to three
 * sentences, and the rest are long stories of five to fifteen sentences, more often from the person supported.
 */
function turnText(random: Random, role: 'supporter' | 'supported'): string {
  const r = random();
  if (r < 0.35) return pick(random, BACKCHANNEL);
  const storyShare = role === 'supported' ? 0.2 : 0.08;
  const bank = role === 'supporter' ? SUPPORTER : SUPPORTED;
  if (r < 1 - storyShare) return sentences(random, bank, 1 + randomInt(random, 3));
  const story = sentences(random, [...SUPPORTED, ...SUPPORTER.slice(0, 8)], 5 + randomInt(random, 11));
  return `${fill(random, pick(random, STORY_OPENERS))} ${story}`;
}

/** Rows of a synthetic corpus, one per turn, each conversation's rows together; the same seed gives the same rows. */
export function* syntheticRows(options: SyntheticOptions): Generator<SyntheticRow> {
  const random = seededRandom(options.seed ?? 20240601);
  const min = options.minTurns ?? 12;
  const max = options.maxTurns ?? 120;
  let made = 0;
  for (let t = 1; made < options.turns; t++) {
    const length = Math.min(options.turns - made, min + randomInt(random, max - min + 1));
    const { program, site } = pick(random, PROGRAMS);
    const year = 2021 + randomInt(random, 4);
    const date = `${year}-${String(1 + randomInt(random, 12)).padStart(2, '0')}-${String(1 + randomInt(random, 28)).padStart(2, '0')}`;
    const supporter = pick(random, FILL.name);
    const supported = pick(random, FILL.name.filter((n) => n !== supporter));
    let role: 'supporter' | 'supported' = random() < 0.5 ? 'supporter' : 'supported';
    for (let turn = 1; turn <= length; turn++) {
      yield {
        transcript_id: `s${String(t).padStart(7, '0')}`,
        turn,
        speaker: role === 'supporter' ? `${supporter} (peer)` : supported,
        role,
        text: turnText(random, role),
        program,
        site,
        date,
      };
      // Speakers mostly alternate; sometimes one speaks twice in a row.
      if (random() < 0.85) role = role === 'supporter' ? 'supported' : 'supporter';
    }
    made += length;
  }
}

/** The corpus as CSV text in pieces (header first), for writing to a file without holding it all. */
export function* syntheticCsv(options: SyntheticOptions, rowsPerPiece = 5000): Generator<string> {
  let rows: SyntheticRow[] = [];
  let first = true;
  const flush = (): string => {
    const text = Papa.unparse(rows, { columns: [...SYNTHETIC_COLUMNS], header: first, newline: '\n' });
    first = false;
    rows = [];
    return `${text}\n`;
  };
  for (const row of syntheticRows(options)) {
    rows.push(row);
    if (rows.length >= rowsPerPiece) yield flush();
  }
  if (rows.length > 0 || first) yield flush();
}
