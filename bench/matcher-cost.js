// Which matchers of a codebook cost the most time: each matcher's `find` (and vetoes) timed over a synthetic corpus.
// For codebook authors tuning regexes for speed. Usage (after npm run build):
//   node bench/matcher-cost.js [--codebook DIR] [--turns 5000] [--top 15] [--tier-up: V8 default regex tier-up, to compare]
import { parseArgs } from 'node:util';
import { compileCodebook, defaultCodebookDir, readCodebookSource } from '../dist/codebook/index.js';
import { codeTranscript } from '../dist/coding/index.js';
import { syntheticRows } from '../dist/scale/index.js';
import { compileRegexpsEagerly } from '../dist/core/regexp-compilation.js';

// As the CLI does, unless asked to measure V8's default (interpret first, compile later).
if (!process.argv.includes('--tier-up')) compileRegexpsEagerly();
process.stdout.on('error', () => process.exit(0));

const { values: args } = parseArgs({
  options: { 'tier-up': { type: 'boolean', default: false }, codebook: { type: 'string', default: defaultCodebookDir() }, turns: { type: 'string', default: '5000' }, top: { type: 'string', default: '15' }, seed: { type: 'string', default: '20240601' } },
});
const codebook = compileCodebook(readCodebookSource(args.codebook));
const cost = new Map();
const calls = new Map();
// Self time: time spent in nested timed calls (a veto's test can run the literal scan) counts for the inner one only.
let nested = 0;
const timed = (key, fn) => (...a) => {
  const start = process.hrtime.bigint();
  const before = nested;
  try {
    return fn(...a);
  } finally {
    const total = Number(process.hrtime.bigint() - start);
    const inner = nested - before;
    cost.set(key, (cost.get(key) ?? 0) + total - inner);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    nested = before + total;
  }
};
// The once-per-sentence literal scan, timed on its own: the engine runs it before choosing which matchers to call.
const scan = codebook.literals.scan.bind(codebook.literals);
codebook.literals.scan = timed('(literal scan of each sentence, shared by all regexes)', scan);
for (const code of codebook.compiledCodes) {
  for (const m of code.matchers) {
    m.find = timed(m.key, m.find);
    m.guards.unless = m.guards.unless.map((veto, i) => ({ ...veto, regex: { test: timed(`${m.key} unless #${i + 1}`, (t) => veto.regex.test(t)) } }));
  }
}
const byId = new Map();
for (const row of syntheticRows({ turns: Number(args.turns), seed: Number(args.seed) })) {
  let t = byId.get(row.transcript_id);
  if (!t) byId.set(row.transcript_id, (t = { id: row.transcript_id, source: { file: 'synthetic.csv', format: 'csv' }, turns: [], meta: {} }));
  t.turns.push({ index: row.turn, speaker: row.speaker, role: row.role, text: row.text, sourceLine: t.turns.length + 2 });
}
const transcripts = [...byId.values()];
for (const t of transcripts) codeTranscript(t, codebook); // warm up
cost.clear();
calls.clear();
const start = process.hrtime.bigint();
for (const t of transcripts) codeTranscript(t, codebook);
const total = Number(process.hrtime.bigint() - start);
const inMatchers = [...cost.values()].reduce((a, b) => a + b, 0);
const ms = (ns) => (ns / 1e6).toFixed(1);
process.stdout.write(`${args.turns} synthetic turns: ${ms(total)} ms coding, ${ms(inMatchers)} ms (${((100 * inMatchers) / total).toFixed(0)} %) inside matchers and vetoes\n\n`);
process.stdout.write('   ms   share    runs  matcher\n');
for (const [key, ns] of [...cost].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  process.stdout.write(`${ms(ns).padStart(6)}  ${((100 * ns) / total).toFixed(1).padStart(5)} %  ${String(calls.get(key)).padStart(6)}  ${key}\n`);
}
