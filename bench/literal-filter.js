// What the proposed regex pre-filter (src/scale/literals.ts) would do for the engine: the same codebook with its regex
// matchers and `unless` vetoes wrapped in the filter, checked for identical findings and timed against the engine as it is.
// Usage: node bench/literal-filter.js [--turns 5000] [--codebook DIR]   (after npm run build)
import { parseArgs } from 'node:util';
import { compileCodebook, defaultCodebookDir, readCodebookSource } from '../dist/codebook/index.js';
import { codeTranscript } from '../dist/coding/index.js';
import { codebookRegex } from '../dist/coding/matchers.js';
import { foldForLiterals, mayMatch, requiredLiterals } from '../dist/scale/literals.js';
import { syntheticRows } from '../dist/scale/index.js';

const { values: args } = parseArgs({
  options: { turns: { type: 'string', default: '5000' }, codebook: { type: 'string', default: defaultCodebookDir() }, seed: { type: 'string', default: '20240601' } },
});

// Folded texts of the turn and sentences being coded: every matcher of a turn asks about the same few texts in turn.
const foldCache = new Map();
function folded(text) {
  let f = foldCache.get(text);
  if (f === undefined) {
    if (foldCache.size > 64) foldCache.clear();
    f = foldForLiterals(text);
    foldCache.set(text, f);
  }
  return f;
}

/** The compiled codebook again, with each regex matcher's turn gate, `find` and vetoes behind the literal filter. */
function withFilter(source, useLiterals = true) {
  const codebook = compileCodebook(source);
  const definitions = new Map(source.codes.flatMap((c) => c.matchers.map((m) => [`${c.id}/${m.id}`, m])));
  let filtered = 0;
  for (const code of codebook.compiledCodes) {
    for (const matcher of code.matchers) {
      const definition = definitions.get(matcher.key);
      matcher.guards.unless = matcher.guards.unless.map((veto) => {
        const literals = useLiterals ? requiredLiterals(veto.source) : undefined;
        return literals ? { test: (text) => mayMatch(literals, folded(text)) && veto.test(text) } : veto;
      });
      if (matcher.kind !== 'regex' || typeof definition?.regex !== 'string') continue;
      const literals = useLiterals ? requiredLiterals(definition.regex) : undefined;
      const regex = codebookRegex(definition.regex, 'g', definition['case-sensitive'] === true);
      if (literals) filtered++;
      // The engine's whole-turn gate runs the regex over the turn; the literals can answer first there too.
      const gate = matcher.turnGate;
      if (gate && literals) matcher.turnGate = { test: (text) => mayMatch(literals, folded(text)) && gate.test(text) };
      // An exec loop instead of matchAll, which copies the regex on every call. The engine's turn gate stays in front.
      matcher.find = (sentence) => {
        const spans = [];
        if (!mayMatch(literals, folded(sentence.text))) return spans;
        regex.lastIndex = 0;
        for (let m = regex.exec(sentence.text); m; m = regex.exec(sentence.text)) {
          if (m[0].length === 0) {
            regex.lastIndex++;
            continue;
          }
          const start = sentence.start + m.index;
          spans.push({ start, end: start + m[0].length });
        }
        return spans;
      };
    }
  }
  return { codebook, filtered };
}

const source = readCodebookSource(args.codebook);
const plain = compileCodebook(source);
const { codebook: fast, filtered } = withFilter(source);
const { codebook: execOnly } = withFilter(source, false);
const byId = new Map();
for (const row of syntheticRows({ turns: Number(args.turns), seed: Number(args.seed) })) {
  let t = byId.get(row.transcript_id);
  if (!t) byId.set(row.transcript_id, (t = { id: row.transcript_id, source: { file: 'synthetic.csv', format: 'csv' }, turns: [], meta: {} }));
  t.turns.push({ index: row.turn, speaker: row.speaker, role: row.role, text: row.text, sourceLine: t.turns.length + 2 });
}
const transcripts = [...byId.values()];
const turns = transcripts.reduce((n, t) => n + t.turns.length, 0);

// CPU time of this (single-threaded) process: on a shared machine it says more than the clock does.
function time(codebook) {
  const start = process.cpuUsage();
  const out = transcripts.map((t) => codeTranscript(t, codebook));
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, json: JSON.stringify(out) };
}
if (process.env.ONLY) {
  // For profiling one side alone: ONLY=plain, ONLY=exec or ONLY=filtered.
  for (let i = 0; i < 2; i++) time({ plain, exec: execOnly }[process.env.ONLY] ?? fast);
  process.exit(0);
}
// Alternate the two, twice, so a change in the machine's load hits both alike; the second round is warm.
time(plain);
time(execOnly);
time(fast);
const a = time(plain);
const e = time(execOnly);
const b = time(fast);
const regexCount = plain.compiledCodes.reduce((n, c) => n + c.matchers.filter((m) => m.kind === 'regex').length, 0);
process.stdout.write(
  `${turns} turns, ${regexCount} regex matchers (${filtered} with literals)\n` +
    `engine as it is:                    ${(turns / a.seconds).toFixed(0)} turns per CPU second\n` +
    `exec loop instead of matchAll:      ${(turns / e.seconds).toFixed(0)} turns per CPU second (${(a.seconds / e.seconds).toFixed(2)}×)\n` +
    `exec loop + literal filter:         ${(turns / b.seconds).toFixed(0)} turns per CPU second (${(a.seconds / b.seconds).toFixed(2)}×)\n` +
    `identical findings: ${a.json === e.json && a.json === b.json ? 'yes' : 'NO'}\n`,
);
