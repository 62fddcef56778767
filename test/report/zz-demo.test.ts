import { it } from 'vitest';
import { Command } from 'commander';
import { registerReport } from '../../src/cli/commands/report.js';
it('demo', async () => {
  const out: string[] = []; const err: string[] = [];
  const ctx = { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), stderrIsTty: false, cwd: process.cwd() }, setExitCode: () => {} };
  const program = new Command().exitOverride();
  registerReport(program, ctx);
  try { await program.parseAsync(['report', 'corpora/demo', '--out', 'out/scratch/demo.html', '--include-evidence'], { from: 'user' }); } catch (e) { console.log('ERR', (e as Error).message, JSON.stringify((e as any).details?.slice(0, 3))); }
  console.log(out.join(''), err.join('').slice(0, 2000));
}, 120000);
