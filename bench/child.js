// One measured benchmark run in its own process (so peak memory of one size never counts for another); prints one JSON line.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { compileCodebook, readCodebookSource } from '../dist/codebook/index.js';
import { codeTranscript, splitSentences } from '../dist/coding/index.js';
import { streamPaths } from '../dist/ingest/index.js';
import { produceStream, StreamingFormatter, syntheticRows } from '../dist/scale/index.js';
import { compileRegexpsEagerly } from '../dist/core/regexp-compilation.js';

const require = createRequire(import.meta.url);
// As the CLI does (src/cli/main.ts): regexes compiled to machine code on first use.
compileRegexpsEagerly();
const task = JSON.parse(process.argv[2] ?? '{}');

function seconds(start) {
  return (performance.now() - start) / 1000;
}

function peakMegabytes() {
  // maxRSS is in kilobytes; it covers the worker threads too, which live in this process.
  return process.resourceUsage().maxRSS / 1024;
}

/** Streams the CSV and counts what came out, without coding. */
async function ingest() {
  const start = performance.now();
  let transcripts = 0;
  let turns = 0;
  for await (const t of streamPaths([task.csv])) {
    transcripts++;
    turns += t.turns.length;
  }
  return { seconds: seconds(start), transcripts, turns };
}

/** Read, code and write JSONL, as `peer-fidelity code --format jsonl --output` does. */
async function endToEnd() {
  const source = readCodebookSource(task.codebook);
  const codebook = compileCodebook(source);
  const start = performance.now();
  const out = createWriteStream(task.output);
  const formatter = new StreamingFormatter('jsonl');
  const write = async (text) => {
    if (text && !out.write(text)) await once(out, 'drain');
  };
  let transcripts = 0;
  let turns = 0;
  let findings = 0;
  let codingSeconds;
  const input = streamPaths([task.csv]);
  if (task.jobs === 1) {
    // On one thread, time the coding itself as well, apart from reading and writing.
    codingSeconds = 0;
    for await (const t of input) {
      const begin = performance.now();
      const coded = codeTranscript(t, codebook);
      codingSeconds += seconds(begin);
      transcripts++;
      turns += t.turns.length;
      findings += coded.findings.length;
      await write(formatter.piece(coded));
    }
  } else {
    // As the CLI does: the workers write each conversation's findings as JSONL text themselves.
    async function* counted() {
      for await (const t of input) {
        turns += t.turns.length;
        yield t;
      }
    }
    const text = { kind: 'text', format: 'jsonl', turns: false };
    for await (const piece of produceStream(counted(), codebook, text, { jobs: task.jobs, source })) {
      transcripts++;
      findings += piece.findings;
      await write(formatter.add(piece.text));
    }
  }
  await write(formatter.end());
  out.end();
  await once(out, 'finish');
  return { seconds: seconds(start), codingSeconds, transcripts, turns, findings };
}

/** Transcripts of the first `sample` turns of the synthetic corpus (every corpus of that seed starts with them). */
function sampleTranscripts() {
  const byId = new Map();
  for (const row of syntheticRows({ turns: task.sample, seed: task.seed })) {
    let t = byId.get(row.transcript_id);
    if (!t) {
      t = { id: row.transcript_id, program: row.program, site: row.site, date: row.date, source: { file: 'sample.csv', format: 'csv' }, turns: [], meta: {} };
      byId.set(row.transcript_id, t);
    }
    t.turns.push({ index: row.turn, speaker: row.speaker, role: row.role, text: row.text, sourceLine: t.turns.length + 2 });
  }
  return [...byId.values()];
}

function timed(fn) {
  const start = performance.now();
  const result = fn();
  return { seconds: seconds(start), result };
}

/** The engine and three simpler ways of reading the same turns, for scale. */
async function baselines() {
  const source = readCodebookSource(task.codebook);
  const codebook = compileCodebook(source);
  const transcripts = sampleTranscripts();
  const texts = transcripts.flatMap((t) => t.turns.map((turn) => turn.text));
  const megabytes = Buffer.byteLength(texts.join('\n')) / 1048576;
  const out = { turns: texts.length, megabytes };

  // Warm each one up on a slice first, so none pays the JIT's start-up alone.
  const warm = transcripts.slice(0, 20);
  for (const t of warm) codeTranscript(t, codebook);
  const engine = timed(() => transcripts.reduce((n, t) => n + codeTranscript(t, codebook).findings.length, 0));
  out.engine = { seconds: engine.seconds, findings: engine.result };
  // The same engine with the written rules alone (--rules-only): what the learned classifiers cost.
  const rulesOnly = compileCodebook(readCodebookSource(task.codebook, { models: false }));
  for (const t of warm) codeTranscript(t, rulesOnly);
  const rules = timed(() => transcripts.reduce((n, t) => n + codeTranscript(t, rulesOnly).findings.length, 0));
  out.rulesOnly = { seconds: rules.seconds, findings: rules.result };

  // (a) compromise on every turn, then the codebook's patterns swept over it (the "tag everything" approach).
  const nlp = require('compromise');
  const entries = codebook.patterns.entries.map((e) => ({ match: e.match, id: e.key }));
  const net = entries.length > 0 ? nlp.buildNet(entries) : undefined;
  const naiveTexts = texts.slice(0, task.naiveSample);
  const naiveRun = (list) => list.reduce((n, text) => {
    const doc = nlp(text);
    return n + (net ? doc.sweep(net).found.length : doc.terms().length);
  }, 0);
  naiveRun(naiveTexts.slice(0, 200));
  const naive = timed(() => naiveRun(naiveTexts));
  out.naive = { seconds: naive.seconds, turns: naiveTexts.length, patterns: entries.length };

  // (b) natural's word tokenizer and Porter stemmer on every turn (deep imports: natural's index prints and reads .env).
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js');
  const porter = require('natural/lib/natural/stemmers/porter_stemmer.js');
  const tokenizer = new WordTokenizer();
  const stemRun = (list) => list.reduce((n, text) => n + tokenizer.tokenize(text).map((w) => porter.stem(w.toLowerCase())).length, 0);
  stemRun(texts.slice(0, 200));
  const stems = timed(() => stemRun(texts));
  out.natural = { seconds: stems.seconds, tokens: stems.result };

  // (c) one regular expression: every regex matcher of the codebook as one alternation, run over each turn.
  const regexSources = source.codes.flatMap((c) => c.matchers.filter((m) => typeof m.regex === 'string').map((m) => m.regex));
  const combined = new RegExp(regexSources.map((s) => `(?:${s})`).join('|'), 'giu');
  const regexRun = (list) => list.reduce((n, text) => n + [...text.matchAll(combined)].length, 0);
  const regexTexts = texts.slice(0, task.regexSample);
  regexRun(regexTexts.slice(0, 20));
  const scan = timed(() => regexRun(regexTexts));
  out.regex = { seconds: scan.seconds, turns: regexTexts.length, matches: scan.result, sources: regexSources.length };

  // (d) the engine's first pass alone: sentences split and scanned once by the literal automaton (the floor of this design).
  const sentences = texts.flatMap((text) => splitSentences(text).map((s) => s.text));
  const literalRun = (list) => list.reduce((n, text) => n + codebook.literals.scan(text).length, 0);
  literalRun(sentences.slice(0, 200));
  const literal = timed(() => literalRun(sentences));
  out.literals = { seconds: literal.seconds, filters: codebook.literals.size };
  return out;
}

/** `peer-fidelity report <csv> --out <file> --jobs N`, run as a user runs it: read, code, score, write the report. */
async function report() {
  const { run } = await import('../dist/cli/program.js');
  const quiet = { stdout: () => {}, stderr: (text) => process.stderr.write(text), stderrIsTty: false, cwd: process.cwd() };
  const start = performance.now();
  const status = await run(['report', task.csv, '--codebook', task.codebook, '--out', task.output, '--jobs', String(task.jobs)], quiet);
  if (status !== 0) throw new Error(`peer-fidelity report exited with ${status}`);
  return { seconds: seconds(start) };
}

const runs = { ingest, 'end-to-end': endToEnd, report, baselines };
const result = await runs[task.mode]();
// CPU time of every thread of this process: with the machine shared, CPU seconds say more than wall-clock ones.
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ ...result, peakMB: peakMegabytes(), cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
