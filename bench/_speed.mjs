import { loadCodebook, defaultCodebookDir } from '../dist/codebook/index.js';
import { codeTranscript } from '../dist/coding/index.js';
import { syntheticRows } from '../dist/scale/index.js';
const cb = await loadCodebook(defaultCodebookDir());
const byId = new Map();
for (const row of syntheticRows({ turns: Number(process.argv[2] ?? 5000), seed: 20240601 })) {
  let t = byId.get(row.transcript_id);
  if (!t) byId.set(row.transcript_id, (t = { id: row.transcript_id, source: { file: 's.csv', format: 'csv' }, turns: [], meta: {} }));
  t.turns.push({ index: row.turn, speaker: row.speaker, role: row.role, text: row.text, sourceLine: t.turns.length + 2 });
}
const ts = [...byId.values()]; const n = ts.reduce((a, t) => a + t.turns.length, 0);
function time(prefilter) { const s = process.cpuUsage(); const out = ts.map((t) => codeTranscript(t, cb, { prefilter })); const u = process.cpuUsage(s); return [(u.user + u.system) / 1e6, JSON.stringify(out)]; }
time(true);
if (process.env.ONLY) { time(true); process.exit(0); }
const [a, ja] = time(false); const [b, jb] = time(true);
console.log(`${n} turns: no prefilter ${(n / a).toFixed(0)}/s, prefilter ${(n / b).toFixed(0)}/s (${(a / b).toFixed(2)}×) identical=${ja === jb}`);
