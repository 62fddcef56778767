// `npm run bench`: throughput, scaling and peak memory of ingest and coding on seeded synthetic corpora, with baselines.
// Plain ESM over dist/ (run `npm run build` first). Usage: npm run bench -- [--sizes 10000,100000] [--jobs N] [--profile]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultCodebookDir } from '../dist/codebook/index.js';
import { syntheticCsv } from '../dist/scale/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000,1000000' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    sample: { type: 'string', default: '20000' },
    'naive-sample': { type: 'string', default: '20000' },
    // The combined regex runs at tens of turns a second: a smaller sample gives the same rate in seconds, not minutes.
    'regex-sample': { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20240601' },
    codebook: { type: 'string', default: defaultCodebookDir() },
    dir: { type: 'string', default: join(tmpdir(), 'peer-fidelity-bench') },
    'single-max': { type: 'string', default: String(Number.POSITIVE_INFINITY) },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: HERE },
  },
});
const sizes = args.sizes.split(',').map(Number);
const jobs = Number(args.jobs);
const seed = Number(args.seed);
const singleMax = Number(args['single-max']);
mkdirSync(args.dir, { recursive: true });

function child(task, nodeArgs = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, join(HERE, 'child.js'), JSON.stringify(task)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`benchmark run ${task.mode} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function generate(turns) {
  const path = join(args.dir, `corpus-${turns}-${seed}.csv`);
  const out = createWriteStream(path);
  for (const piece of syntheticCsv({ turns, seed })) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return { path, megabytes: statSync(path).size / 1048576 };
}

const log = (text) => process.stderr.write(`${text}\n`);
const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

const started = new Date();
const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGB: totalmem() / 2 ** 30, node: process.version, loadBefore: loadavg() };
log(`peer-fidelity bench: sizes ${sizes.join(', ')} turns, pool of ${jobs} workers, ${machine.cpus} × ${machine.model}, load ${machine.loadBefore.map((x) => x.toFixed(1)).join(' ')}`);

const rows = [];
for (const turns of sizes) {
  const corpus = await generate(turns);
  log(`\n${fmt(turns)} turns: ${fmt(corpus.megabytes, 1)} MB of CSV`);
  const ingest = child({ mode: 'ingest', csv: corpus.path });
  log(`  ingest             ${fmt(ingest.seconds, 1)} s, ${fmt(ingest.turns / ingest.seconds)} turns/s, peak ${fmt(ingest.peakMB)} MB`);
  const output = join(args.dir, `findings-${turns}.jsonl`);
  let single;
  if (turns <= singleMax) {
    single = child({ mode: 'end-to-end', csv: corpus.path, codebook: args.codebook, jobs: 1, output });
    log(`  code, 1 thread     ${fmt(single.seconds, 1)} s end to end (${fmt(single.codingSeconds, 1)} s coding, ${fmt(single.cpuSeconds, 1)} s CPU), peak ${fmt(single.peakMB)} MB`);
  }
  const pooled = child({ mode: 'end-to-end', csv: corpus.path, codebook: args.codebook, jobs, output: `${output}.pool` });
  log(`  code, ${jobs} workers    ${fmt(pooled.seconds, 1)} s end to end (${fmt(pooled.cpuSeconds, 1)} s CPU, ${fmt(pooled.cpuSeconds / pooled.seconds, 2)} cores busy), peak ${fmt(pooled.peakMB)} MB`);
  const same = single ? readFileSync(output, 'utf8') === readFileSync(`${output}.pool`, 'utf8') : undefined;
  rmSync(output, { force: true });
  rmSync(`${output}.pool`, { force: true });
  const reportOut = join(args.dir, `report-${turns}.html`);
  const report = child({ mode: 'report', csv: corpus.path, codebook: args.codebook, jobs, output: reportOut });
  rmSync(reportOut, { force: true });
  rmSync(reportOut.replace(/\.html$/, '.md'), { force: true });
  log(`  report, ${jobs} workers  ${fmt(report.seconds, 1)} s end to end (${fmt(report.cpuSeconds, 1)} s CPU), peak ${fmt(report.peakMB)} MB`);
  rows.push({ turns, transcripts: ingest.transcripts, megabytes: corpus.megabytes, ingest, single, pooled, report, sameOutput: same, load: loadavg()[0] });
}

const sample = Math.min(Number(args.sample), Math.max(...sizes));
log(`\nbaselines on the first ${fmt(sample)} turns…`);
const base = child({ mode: 'baselines', codebook: args.codebook, sample, naiveSample: Math.min(sample, Number(args['naive-sample'])), regexSample: Math.min(sample, Number(args['regex-sample'])), seed });
const rate = (turns, s) => turns / s;
const engineRate = rate(base.turns, base.engine.seconds);
const baselineRows = [
  { name: 'engine (codeTranscript, 1 thread)', turnsPerSecond: engineRate, megabytesPerSecond: base.megabytes / base.engine.seconds },
  { name: 'engine with the written rules alone (--rules-only)', turnsPerSecond: rate(base.turns, base.rulesOnly.seconds) },
  { name: `naive: compromise nlp(text) + sweep of ${base.naive.patterns} patterns, every turn (${fmt(base.naive.turns)} turns)`, turnsPerSecond: rate(base.naive.turns, base.naive.seconds) },
  { name: 'natural WordTokenizer + Porter stem, every turn', turnsPerSecond: rate(base.turns, base.natural.seconds) },
  { name: `one combined regex (${base.regex.sources} regex matchers as one alternation; first ${fmt(base.regex.turns)} turns)`, turnsPerSecond: rate(base.regex.turns, base.regex.seconds) },
  { name: `the engine's first pass alone: split into sentences, one literal-automaton scan each (${base.literals.filters} regex filters)`, turnsPerSecond: rate(base.turns, base.literals.seconds) },
].map((r) => ({ ...r, engineRatio: engineRate / r.turnsPerSecond }));

let profile;
if (args.profile) {
  const dir = join(args.dir, `profile-${Date.now()}`);
  const turns = sizes[0];
  const corpus = join(args.dir, `corpus-${turns}-${seed}.csv`);
  mkdirSync(dir, { recursive: true });
  log(`\nprofiling a 1-thread coding run of ${fmt(turns)} turns…`);
  child({ mode: 'end-to-end', csv: corpus, codebook: args.codebook, jobs: 1, output: join(dir, 'findings.jsonl') }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  profile = summariseProfile(join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))));
}

/** Self time by function and by broad area (regular expressions, compromise, natural, the engine's own files). */
function summariseProfile(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  const byArea = new Map();
  let total = 0;
  data.samples.forEach((id, i) => {
    const delta = data.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const name = functionName.startsWith('RegExp:') ? `RegExp /${functionName.slice(7, 70)}…/` : `${functionName || '(anonymous)'} ${where}`.trim();
    const area = functionName.startsWith('RegExp:')
      ? 'regular expressions (irregexp)'
      : url.includes('node_modules/compromise')
        ? 'compromise'
        : url.includes('node_modules/natural')
          ? 'natural'
          : url.includes('/dist/')
            ? `dist/${url.split('/dist/')[1].split('/')[0]}`
            : functionName === '(garbage collector)'
              ? 'garbage collection'
              : functionName.startsWith('(') ? functionName : 'node internals';
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    byArea.set(area, (byArea.get(area) ?? 0) + delta);
    total += delta;
  });
  const share = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, seconds: us / 1e6, share: us / total }));
  return { file, seconds: total / 1e6, areas: share(byArea, 12), functions: share(byFunction, 20) };
}

const results = {
  started: started.toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: { ...machine, loadAfter: loadavg() },
  codebook: args.codebook,
  jobs,
  seed,
  sizes: rows,
  baselines: { sample: base, rows: baselineRows },
  ...(profile ? { profile } : {}),
};

const md = [];
md.push('# Benchmark results', '');
md.push(`Run ${results.started} with \`${results.command}\` on ${machine.cpus} × ${machine.model}, ${fmt(machine.memoryGB)} GB, Node ${machine.node}.`);
md.push(`Load average before ${machine.loadBefore.map((x) => x.toFixed(1)).join(' / ')}, after ${results.machine.loadAfter.map((x) => x.toFixed(1)).join(' / ')} (other work on the machine slows every figure).`);
md.push(`Synthetic corpus, seed ${seed}; codebook \`${args.codebook}\`; pool of ${jobs} workers.`, '');
md.push('"End to end" reads the CSV, codes it and writes every finding as JSONL (`code --format jsonl --output`); "report" reads, codes, scores and writes the report (`report --out`), with the pool.', '');
md.push('| turns | CSV MB | ingest turns/s | ingest MB/s | coding turns/s (1 thread) | coding MB/s (1 thread) | end to end, 1 thread | end to end, pool | pool turns/s | speed-up | µs/turn (pool) | report, pool | peak RSS ingest | peak RSS 1 thread | peak RSS pool | peak RSS report | same output | load | CPU s 1 thread | CPU s pool | CPU s report | cores busy (pool) |');
md.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const s = r.single;
  md.push(
    `| ${fmt(r.turns)} | ${fmt(r.megabytes, 1)} | ${fmt(r.turns / r.ingest.seconds)} | ${fmt(r.megabytes / r.ingest.seconds, 1)} | ${s ? fmt(r.turns / s.codingSeconds) : '—'} | ${s ? fmt(r.megabytes / s.codingSeconds, 2) : '—'} | ${s ? `${fmt(s.seconds, 1)} s` : '—'} | ${fmt(r.pooled.seconds, 1)} s | ${fmt(r.turns / r.pooled.seconds)} | ${s ? `${fmt(s.seconds / r.pooled.seconds, 2)}×` : '—'} | ${fmt((r.pooled.seconds / r.turns) * 1e6)} | ${fmt(r.report.seconds, 1)} s | ${fmt(r.ingest.peakMB)} MB | ${s ? `${fmt(s.peakMB)} MB` : '—'} | ${fmt(r.pooled.peakMB)} MB | ${fmt(r.report.peakMB)} MB | ${r.sameOutput === undefined ? '—' : r.sameOutput ? 'yes' : '**no**'} | ${fmt(r.load, 1)} | ${s ? fmt(s.cpuSeconds, 1) : '—'} | ${fmt(r.pooled.cpuSeconds, 1)} | ${fmt(r.report.cpuSeconds, 1)} | ${fmt(r.pooled.cpuSeconds / r.pooled.seconds, 2)} |`,
  );
}
md.push('', `Baselines on the same first ${fmt(base.turns)} turns (${fmt(base.megabytes, 1)} MB of text), one thread:`, '');
md.push('| method | turns/s | engine ÷ method |', '|---|---:|---:|');
for (const r of baselineRows) md.push(`| ${r.name} | ${fmt(r.turnsPerSecond)} | ${fmt(r.engineRatio, 3)} |`);
if (profile) {
  md.push('', `CPU profile of a 1-thread coding run (${fmt(profile.seconds, 1)} s sampled):`, '', '| area | share |', '|---|---:|');
  for (const a of profile.areas) md.push(`| ${a.name} | ${(a.share * 100).toFixed(1)} % |`);
  md.push('', '| function (self time) | share |', '|---|---:|');
  for (const f of profile.functions) md.push(`| \`${f.name.replace(/\|/g, '\\|')}\` | ${(f.share * 100).toFixed(1)} % |`);
}
md.push('');
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(args.out, 'results.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
log(`\nwrote ${join(args.out, 'results.json')} and results.md`);
