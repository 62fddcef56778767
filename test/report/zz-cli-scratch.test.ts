import { it } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { registerReport } from '../../src/cli/commands/report.js';
import { registerScore } from '../../src/cli/commands/score.js';
import { STANDARD_CORPUS, generateCorpus } from '../fixtures/report/synthetic.js';
it('x', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-'));
  const rows = generateCorpus(STANDARD_CORPUS).flatMap((c) => c.transcript.turns.map((t) => ({ transcript_id: c.transcript.id, turn: t.index, speaker: t.speaker, role: t.role, text: t.text, program: c.transcript.program, site: c.transcript.site, date: c.transcript.date, setting: c.transcript.setting })));
  writeFileSync(join(dir, 'all.csv'), Papa.unparse(rows));
  const out: string[] = []; const err: string[] = [];
  const ctx = { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), stderrIsTty: false, cwd: dir }, setExitCode: () => {} };
  const program = new Command().exitOverride();
  registerReport(program, ctx); registerScore(program, ctx);
  const t0 = Date.now();
  try {
    await program.parseAsync(['report', 'all.csv', '--out', '/work/main/out/scratch/cli.html', '--include-evidence'], { from: 'user' });
    await program.parseAsync(['score', 'all.csv', '--by', 'program'], { from: 'user' });
  } catch (e) { console.log('ERR', e); }
  console.log(Date.now() - t0, out.join(''), err.join(''));
}, 120000);
